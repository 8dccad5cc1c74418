package sh.ratri.junit;

import java.util.List;

/** Tool calls recorded in a test, with their risk, the run they belong to, their outcome and decision. */
public final class ToolCalls extends Recorded<ToolCalls.Call, ToolCalls> {

    ToolCalls(String what, List<Call> items, List<Call> recorded) {
        super(what, items, recorded);
    }

    @Override
    ToolCalls narrowed(String what, List<Call> narrowed, List<Call> recorded) {
        return new ToolCalls(what, narrowed, recorded);
    }

    /** {@code low}, {@code medium}, {@code high} or {@code critical}. */
    public ToolCalls withRisk(String riskLevel) {
        return where("with risk " + riskLevel, c -> riskLevel.equals(c.riskLevel()));
    }

    /** {@code completed}, {@code failed}, {@code blocked} or {@code unfinished}. */
    public ToolCalls withStatus(String status) {
        return where("with status " + status, c -> status.equals(c.status()));
    }

    /** Calls made in the run with {@code stepKey}. */
    public ToolCalls inRun(String stepKey) {
        return where("in run " + stepKey, c -> stepKey.equals(c.run()));
    }

    /** One tool call: its {@code tool.started}, {@code tool.ended} once it ended, and its policy decision if one was taken. */
    public static final class Call extends StartedAndEnded {
        private final PolicyDecisions.Decision decision;
        private final String run;

        Call(RecordedEvent started, RecordedEvent ended, PolicyDecisions.Decision decision, String run) {
            super(started, ended);
            this.decision = decision;
            this.run = run;
        }

        public String toolCallId() {
            return started.toolCallId();
        }

        public String name() {
            return started.attributeText("tool.name");
        }

        public String riskLevel() {
            return started.attributeText("tool.riskLevel");
        }

        public String actionType() {
            return started.attributeText("action.type");
        }

        /** {@code type:externalId}, or null for a tool without a resource. */
        public String resource() {
            return started.attribute("resource") == null ? null
                    : started.attributeText("resource.type") + ":" + started.attributeText("resource.externalId");
        }

        /** Its arguments as {@code name=value, …} when the agent captures them ({@code capture.io}); else null. */
        public String inputSummary() {
            return started.attributeText("inputSummary");
        }

        /** The {@code stepKey} of the run it was called in; null outside any run. */
        public String run() {
            return run;
        }

        /** The policy's decision about this call; null when no capabilities are configured. */
        public PolicyDecisions.Decision decision() {
            return decision;
        }

        @Override
        public String toString() {
            return name() + " risk=" + riskLevel() + " " + status() + (decision == null ? "" : " policy=" + decision);
        }
    }
}
