package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/** The edges of the timeline: no session, a handoff nobody takes, joined sessions, secrets, long output. */
public class Edges {

    /** A tool with no session around it opens an implicit one. */
    @Tool(name = "search.web")
    public String lonelyTool(String query) {
        return "results for " + query;
    }

    @Session(kind = "outer")
    public String outer() {
        return inner();
    }

    /** Entered inside {@link #outer()}: joins that session instead of opening a second. */
    @Session(kind = "inner")
    public String inner() {
        return agent();
    }

    @Run(stepKey = "edge-agent")
    public String agent() {
        unanswered();
        return secretTool() + " / " + longTool().length();
    }

    @Handoff(reason = "Nobody picks this up")
    public void unanswered() {
        // no @ChildRun inside: handoff.failed
    }

    @Tool(name = "vault.read")
    public String secretTool() {
        return "user=ops password=hunter2 token=abc123";
    }

    @Tool(name = "report.render")
    public String longTool() {
        return "x".repeat(2000);
    }

    /** A result whose toString() throws. */
    public static final class Grumpy {
        @Override
        public String toString() {
            throw new UnsupportedOperationException("no printing");
        }
    }

    /** A result whose toString() never ends (it recurses until the stack overflows). */
    public static final class Endless {
        @Override
        public String toString() {
            return "endless " + this;
        }
    }

    @Tool(name = "grumpy.tool")
    public Grumpy grumpy() {
        return new Grumpy();
    }

    @Tool(name = "endless.tool")
    public Endless endless() {
        return new Endless();
    }

    /** @Handoff and @ChildRun on the same method: the child run takes its own handoff. */
    @Session(kind = "same-method")
    @Run(stepKey = "boss")
    public String boss() {
        return selfDelegating();
    }

    @Handoff(reason = "Delegate to myself")
    @ChildRun(stepKey = "self-worker")
    public String selfDelegating() {
        return "done";
    }
}
