package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/** Method shapes: inherited annotations, bridges, statics, privates, varargs, records, enums, recursion. */
public class Shapes {

    /** Annotated on the interface only. */
    public interface Planner {
        @WorkflowStep(stepKey = "plan")
        String plan(String goal);

        @Tool(name = "planner.default")
        default String describe() {
            return "default method";
        }
    }

    public static class SimplePlanner implements Planner {
        @Override
        public String plan(String goal) {
            return "plan for " + goal;
        }
    }

    /** Annotated on the superclass method. */
    public abstract static class Base {
        @Tool(name = "base.check")
        public String check(String what) {
            return "checked " + what;
        }

        @Tool(name = "base.both")
        public abstract String both();
    }

    /** Overrides without annotating; and annotated again on an abstract-annotated method. */
    public static class Derived extends Base {
        @Override
        public String check(String what) {
            return "derived " + what;
        }

        @Override
        @Tool(name = "derived.both")
        public String both() {
            return "both";
        }
    }

    /** A generic interface: the implementation gets a bridge method, which must not double events. */
    public interface Handler<T> {
        @Tool(name = "handler.handle")
        String handle(T input);
    }

    public static class TicketHandler implements Handler<String> {
        @Override
        public String handle(String input) {
            return "handled " + input;
        }
    }

    public record Quote(String customer) {
        @Tool(name = "quote.price")
        public int price() {
            return 42;
        }
    }

    public enum Channel {
        EMAIL;

        @Tool(name = "channel.send")
        public String send(String text) {
            return name() + ": " + text;
        }
    }

    @Session(kind = "shapes")
    @Run(stepKey = "shapes")
    public String all() {
        StringBuilder out = new StringBuilder();
        Planner planner = new SimplePlanner();
        out.append(planner.plan("launch")).append('|').append(planner.describe()).append('|');
        Base derived = new Derived();
        out.append(derived.check("x")).append('|').append(derived.both()).append('|');
        @SuppressWarnings("unchecked")
        Handler<Object> raw = (Handler<Object>) (Handler<?>) new TicketHandler();
        out.append(raw.handle("T-1")).append('|');
        out.append(staticTool(2)).append('|').append(privateTool()).append('|').append(locked()).append('|');
        out.append(varargs("a", "b", "c")).append('|');
        out.append(new Quote("acme").price()).append('|').append(Channel.EMAIL.send("hi")).append('|');
        out.append(recurse(3));
        return out.toString();
    }

    @Tool(name = "shapes.static")
    public static int staticTool(int n) {
        return n * 2;
    }

    @Tool(name = "shapes.private")
    private String privateTool() {
        return "private";
    }

    @Tool(name = "shapes.synchronized")
    public synchronized String locked() {
        return "locked";
    }

    @Tool(name = "shapes.varargs", resource = @sh.ratri.annotations.Resource(type = "list", externalId = "{0}"))
    public String varargs(String... items) {
        return String.join(",", items);
    }

    @WorkflowStep(stepKey = "recurse-{depth}")
    public int recurse(int depth) {
        return depth == 0 ? 0 : 1 + recurse(depth - 1);
    }
}
