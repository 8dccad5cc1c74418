package sh.ratri.junit;

import java.util.List;
import java.util.Map;

/** Handoffs recorded in a test: from the run that asked to the child run that took it. */
public final class Handoffs extends Recorded<Handoffs.Handoff, Handoffs> {

    Handoffs(String what, List<Handoff> items, List<Handoff> recorded) {
        super(what, items, recorded);
    }

    @Override
    Handoffs narrowed(String what, List<Handoff> narrowed, List<Handoff> recorded) {
        return new Handoffs(what, narrowed, recorded);
    }

    /** Handoffs asked for by the run with {@code stepKey}. */
    public Handoffs from(String stepKey) {
        return where("from " + stepKey, h -> stepKey.equals(h.from()));
    }

    /** Handoffs taken by the child run with {@code stepKey}. */
    public Handoffs to(String stepKey) {
        return where("to " + stepKey, h -> stepKey.equals(h.to()));
    }

    public Handoffs withStatus(String status) {
        return where("with status " + status, h -> status.equals(h.status()));
    }

    /** One handoff: its {@code handoff.requested} and the {@code handoff.completed} or {@code handoff.failed} that ended it. */
    public static final class Handoff {
        private final RecordedEvent requested;
        private final RecordedEvent ended;
        private final String from;
        private final String to;

        Handoff(RecordedEvent requested, RecordedEvent ended, String from, String to) {
            this.requested = requested;
            this.ended = ended;
            this.from = from;
            this.to = to;
        }

        public String reason() {
            return requested.attributeText("reason");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> payloadSummary() {
            Object payload = requested.attribute("payloadSummary");
            return payload instanceof Map ? (Map<String, Object>) payload : java.util.Collections.<String, Object>emptyMap();
        }

        /** The {@code stepKey} of the run that asked for it. */
        public String from() {
            return from;
        }

        /** The {@code stepKey} of the run that took it; null until one did. */
        public String to() {
            return to;
        }

        /** {@code completed}, {@code failed}, or {@code requested} while it waits. */
        public String status() {
            if (ended == null) {
                return "requested";
            }
            return "handoff.completed".equals(ended.type()) ? "completed" : "failed";
        }

        @Override
        public String toString() {
            return "handoff " + from + " → " + (to == null ? "?" : to) + " \"" + reason() + "\" " + status();
        }
    }
}
