package sh.ratri.junit;

import java.util.Collections;
import java.util.Map;

/** One {@code ratri.event/v1} event as the agent exported it: the fields of its JSON line. */
public final class RecordedEvent {

    private final Map<String, Object> fields;

    RecordedEvent(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public String type() {
        return text("type");
    }

    public String eventId() {
        return text("eventId");
    }

    public long sequence() {
        Object sequence = fields.get("sequence");
        return sequence instanceof Number ? ((Number) sequence).longValue() : -1;
    }

    public String sessionId() {
        return text("sessionId");
    }

    /** Null where the event has none; likewise the other ids. */
    public String runId() {
        return text("runId");
    }

    public String parentRunId() {
        return text("parentRunId");
    }

    public String stepId() {
        return text("stepId");
    }

    public String toolCallId() {
        return text("toolCallId");
    }

    public String handoffId() {
        return text("handoffId");
    }

    public String thread() {
        return text("thread");
    }

    /** The {@code attributes} object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> attributes() {
        Object attributes = fields.get("attributes");
        return attributes instanceof Map ? Collections.unmodifiableMap((Map<String, Object>) attributes)
                : Collections.<String, Object>emptyMap();
    }

    /**
     * An attribute by its name, or a dotted path into nested objects ({@code "tool.name"},
     * {@code "error.message"}); null when absent.
     */
    @SuppressWarnings("unchecked")
    public Object attribute(String path) {
        Object value = attributes();
        for (String name : path.split("\\.")) {
            if (!(value instanceof Map)) {
                return null;
            }
            value = ((Map<String, Object>) value).get(name);
        }
        return value;
    }

    /** {@link #attribute} as text (numbers as written), or null. */
    public String attributeText(String path) {
        Object value = attribute(path);
        return value == null ? null : String.valueOf(value);
    }

    /** Every field, as in the JSON line. */
    public Map<String, Object> fields() {
        return fields;
    }

    private String text(String name) {
        Object value = fields.get(name);
        return value == null ? null : String.valueOf(value);
    }

    @Override
    public String toString() {
        return type() + " " + attributes();
    }
}
