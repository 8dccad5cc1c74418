package sh.ratri.junit;

import java.util.List;

/** Runs (agents) recorded in a test, each with its {@code stepKey}, role and outcome. */
public final class Runs extends Recorded<Runs.Run, Runs> {

    Runs(String what, List<Run> items, List<Run> recorded) {
        super(what, items, recorded);
    }

    @Override
    Runs narrowed(String what, List<Run> narrowed, List<Run> recorded) {
        return new Runs(what, narrowed, recorded);
    }

    public Runs withStatus(String status) {
        return where("with status " + status, r -> status.equals(r.status()));
    }

    /** Child runs whose parent run has {@code stepKey}. */
    public Runs childrenOf(String stepKey) {
        return where("under " + stepKey, r -> stepKey.equals(r.parentStepKey()));
    }

    /** One run: its {@code run.started} and, once it ended, its {@code run.ended}. */
    public static final class Run extends StartedAndEnded {
        private final String parentStepKey;

        Run(RecordedEvent started, RecordedEvent ended, String parentStepKey) {
            super(started, ended);
            this.parentStepKey = parentStepKey;
        }

        public String runId() {
            return started.runId();
        }

        public String stepKey() {
            return started.attributeText("stepKey");
        }

        public String stepName() {
            return started.attributeText("stepName");
        }

        public String role() {
            return started.attributeText("role");
        }

        /** The parent run's {@code stepKey} for a child run, else null. */
        public String parentStepKey() {
            return parentStepKey;
        }

        @Override
        public String toString() {
            return "run " + stepKey() + (parentStepKey == null ? "" : " (under " + parentStepKey + ")") + " " + status();
        }
    }
}
