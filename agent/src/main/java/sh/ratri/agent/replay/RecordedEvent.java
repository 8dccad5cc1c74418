package sh.ratri.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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
        JsonNode attributes,
        String source,
        JsonNode json) {

    /** Thrown for a well-formed JSON object that is not a usable event; the message says why. */
    static final class InvalidEvent extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    static RecordedEvent fromJson(JsonNode json, String source) throws InvalidEvent {
        if (!json.isObject()) {
            throw new InvalidEvent("not a JSON object");
        }
        String type = requireText(json, "type");
        String sessionId = requireText(json, "sessionId");
        Optional<EventType> kind = EventType.fromWire(type);
        if (kind.isPresent() && kind.get().requiredId() != null) {
            requireText(json, kind.get().requiredId());
        }
        JsonNode attributes = json.path("attributes");
        return new RecordedEvent(
                text(json, "eventId"),
                type,
                kind,
                timestamp(json),
                json.path("sequence").asLong(0),
                sessionId,
                text(json, "runId"),
                text(json, "parentRunId"),
                text(json, "stepId"),
                text(json, "toolCallId"),
                text(json, "handoffId"),
                text(json.path("agent"), "key"),
                text(json.path("agent"), "name"),
                attributes.isObject() ? attributes : MissingNode.getInstance(),
                source,
                json);
    }

    /** An attribute as text, or null when absent or JSON null. */
    String attribute(String name) {
        return text(attributes, name);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String requireText(JsonNode json, String field) throws InvalidEvent {
        String value = text(json, field);
        if (value == null || value.isEmpty()) {
            throw new InvalidEvent("missing " + field);
        }
        return value;
    }

    private static Instant timestamp(JsonNode json) throws InvalidEvent {
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
