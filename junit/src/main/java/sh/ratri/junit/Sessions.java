package sh.ratri.junit;

import java.util.List;
import java.util.Map;

/** Sessions recorded in a test: the test's own (kind {@code test}) and those opened inside it. */
public final class Sessions extends Recorded<Sessions.Session, Sessions> {

    Sessions(String what, List<Session> items, List<Session> recorded) {
        super(what, items, recorded);
    }

    @Override
    Sessions narrowed(String what, List<Session> narrowed, List<Session> recorded) {
        return new Sessions(what, narrowed, recorded);
    }

    public Sessions ofKind(String kind) {
        return where("of kind " + kind, s -> kind.equals(s.kind()));
    }

    public Sessions withStatus(String status) {
        return where("with status " + status, s -> status.equals(s.status()));
    }

    /** One session: its {@code session.started} and, once it ended, its {@code session.ended}. */
    public static final class Session extends StartedAndEnded {

        Session(RecordedEvent started, RecordedEvent ended) {
            super(started, ended);
        }

        public String sessionId() {
            return started.sessionId();
        }

        public String kind() {
            return started.attributeText("kind");
        }

        public String inputSummary() {
            return started.attributeText("inputSummary");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> metadata() {
            Object metadata = started.attribute("metadata");
            return metadata instanceof Map ? (Map<String, Object>) metadata : java.util.Collections.<String, Object>emptyMap();
        }

        @Override
        public String toString() {
            return kind() + " \"" + inputSummary() + "\" " + status();
        }
    }
}
