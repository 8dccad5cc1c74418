package sh.ratri.woven;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/**
 * Application classes for the weaver's unit tests. They live outside {@code sh.ratri.agent}, whose
 * classes the weaver never touches, as an application's would.
 */
public final class WeavingFixtures {

    private WeavingFixtures() {
    }

    public static class Annotated {
        @Run(stepKey = "triage")
        public void handle() {
        }

        public void helper() {
        }
    }

    public static class Plain {
        public String work(String input) {
            return input;
        }
    }

    /** Overrides an annotated method without repeating the annotation. */
    public static class Overriding extends Annotated {
        @Override
        public void handle() {
        }
    }

    public abstract static class Base {
        @Run
        abstract void orchestrate();

        @Tool(name = "base.lookup")
        void lookup() {
        }
    }

    public static class Implementation extends Base {
        @Override
        void orchestrate() {
        }
    }

    public interface Handler<T> {
        @Tool(name = "tickets.handle")
        void handle(T item);
    }

    /** javac adds a bridge method {@code handle(Object)} that calls {@code handle(String)}. */
    public static class TicketHandler implements Handler<String> {
        @Override
        public void handle(String item) {
        }
    }

    public interface Assistant {
        @Tool(name = "assistant.answer")
        String answer(String question);
    }

    /** One call site of each kind that a task handed to another thread may run in. */
    public static class Traced {
        @Session(kind = "pipeline")
        public void session() {
        }

        @Run(stepKey = "orchestrator")
        public void orchestrate() {
        }

        @WorkflowStep(stepKey = "triage")
        public void triage() {
        }

        @Tool(name = "lookup")
        public void lookup() {
        }
    }
}
