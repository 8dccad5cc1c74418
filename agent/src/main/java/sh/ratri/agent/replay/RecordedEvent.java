package sh.ratri.agent.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import sh.ratri.agent.json.JsonObject;

/**
 * One event read from a file, with the top-level fields replay needs pulled out of the JSON.
 * {@code kind} is empty for a type this version does not know; such events are kept but not placed.
 * {@code json} is the whole event as read, for views that show it verbatim (the HTML replay).
 */
record RecordedEvent(
        String eventId,
        String type,
        Optional<EventType> kind,
        Instant timestamp,
        long sequence,
        String sessionId,
        String runId,
        String parentRunId,
        String stepId,
        String toolCallId,
        String handoffId,
        String agentKey,
        String agentName,
        JsonObject attributes,
        String source,
        JsonObject json) {

    /** Thrown for a well-formed JSON object that is not a usable event; the message says why. */
    static final class InvalidEvent extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    static RecordedEvent fromJson(Object parsed, String source) throws InvalidEvent {
        if (!(parsed instanceof JsonObject json)) {
            throw new InvalidEvent("not a JSON object");
        }
        String type = requireText(json, "type");
        String sessionId = requireText(json, "sessionId");
        Optional<EventType> kind = EventType.fromWire(type);
        if (kind.isPresent() && kind.get().requiredId() != null) {
            requireText(json, kind.get().requiredId());
        }
        return new RecordedEvent(
                json.text("eventId"),
                type,
                kind,
                timestamp(json),
                json.longValue("sequence", 0),
                sessionId,
                json.text("runId"),
                json.text("parentRunId"),
                json.text("stepId"),
                json.text("toolCallId"),
                json.text("handoffId"),
                json.object("agent").text("key"),
                json.object("agent").text("name"),
                json.object("attributes"),
                source,
                json);
    }

    /** An attribute as text, or null when absent or JSON null. */
    String attribute(String name) {
        return attributes.text(name);
    }

    private static String requireText(JsonObject json, String field) throws InvalidEvent {
        String value = json.text(field);
        if (value == null || value.isEmpty()) {
            throw new InvalidEvent("missing " + field);
        }
        return value;
    }

    private static Instant timestamp(JsonObject json) throws InvalidEvent {
        String value = requireText(json, "timestamp");
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidEvent("bad timestamp " + value);
            }
        }
    }
}
