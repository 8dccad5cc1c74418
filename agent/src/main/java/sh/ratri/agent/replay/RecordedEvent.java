package sh.ratri.agent.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.schema.EventType;

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
        JsonObject json) {

    /** Thrown for a well-formed JSON object that is not a usable event; the message says why. */
    static final class InvalidEvent extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    static RecordedEvent fromJson(Object parsed) throws InvalidEvent {
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
                json);
    }

    /** The model call an {@code llm.*} event belongs to; null for other events. */
    String llmCallId() {
        return json.text("llmCallId");
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
        Instant plain = plainUtc(value);
        if (plain != null) {
            return plain;
        }
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

    /**
     * {@code 2026-11-25T03:56:48.017123Z}, the form every sink writes, read without the general
     * parser (a quarter of a large replay's time went there); null for any other form, which
     * {@link Instant#parse} then reads or rejects as before.
     */
    private static Instant plainUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal number in {@code text[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
