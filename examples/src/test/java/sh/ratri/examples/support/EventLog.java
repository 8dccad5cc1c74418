package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one place tests parse JSONL and find events: every event of a directory in file order,
 * with small finders so assertions read as field-by-field checks.
 */
public final class EventLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ID_FIELDS = List.of("sessionId", "runId", "parentRunId", "stepId",
            "toolCallId", "handoffId");

    private final List<JsonNode> events;

    private EventLog(List<JsonNode> events) {
        this.events = List.copyOf(events);
    }

    public static EventLog read(Path dir) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new EventLog(events);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        events.add(JSON.readTree(line));
                    }
                }
            }
        }
        return new EventLog(events);
    }

    public List<JsonNode> all() {
        return events;
    }

    /** Only the events of one session, for logs that hold several. */
    public EventLog inSession(String sessionId) {
        return new EventLog(events.stream().filter(e -> sessionId.equals(text(e, "sessionId"))).toList());
    }

    /** The session of the one {@code session.started} event whose {@code kind} and input match. */
    public EventLog session(String kind, String inputSummary) {
        JsonNode started = single("session.started",
                e -> kind.equals(attr(e, "kind")) && inputSummary.equals(attr(e, "inputSummary")));
        return inSession(text(started, "sessionId"));
    }

    public List<String> types() {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    public List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The one event of {@code type} that matches; fails when there is none or more than one. */
    public JsonNode single(String type, Predicate<JsonNode> matching) {
        List<JsonNode> found = ofType(type).stream().filter(matching).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " event matching, found " + found.size() + " in "
                    + types());
        }
        return found.get(0);
    }

    public JsonNode single(String type) {
        return single(type, e -> true);
    }

    /** {@code run.started}/{@code step.started} with that step key. */
    public JsonNode started(String type, String stepKey) {
        return single(type, e -> stepKey.equals(attr(e, "stepKey")));
    }

    public JsonNode tool(String name) {
        return single("tool.started", e -> name.equals(e.at("/attributes/tool/name").asText()));
    }

    /** The {@code *.ended} event that closes a {@code *.started} one, matched by its own id. */
    public JsonNode endOf(JsonNode started) {
        String type = started.path("type").asText();
        String base = type.substring(0, type.indexOf('.'));
        String idField = switch (base) {
            case "session" -> "sessionId";
            case "run" -> "runId";
            case "step" -> "stepId";
            case "tool" -> "toolCallId";
            case "llm" -> "llmCallId";
            default -> throw new IllegalArgumentException(type);
        };
        String id = started.path(idField).asText();
        return single(base + ".ended", e -> id.equals(e.path(idField).asText()));
    }

    public static String attr(JsonNode event, String name) {
        JsonNode value = event.path("attributes").path(name);
        return value.isMissingNode() ? null : value.asText();
    }

    public static String text(JsonNode event, String field) {
        JsonNode value = event.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /**
     * {@code events} with ids replaced by their order of first appearance, and no times or threads:
     * what two runs of the same code must record alike.
     */
    public static List<JsonNode> normalised(List<JsonNode> events) {
        Map<String, String> ids = new HashMap<>();
        return events.stream().map(e -> {
            ObjectNode copy = e.deepCopy();
            copy.remove(List.of("eventId", "timestamp", "sequence", "thread", "agent"));
            for (String field : ID_FIELDS) {
                if (copy.has(field)) {
                    copy.put(field, ids.computeIfAbsent(copy.get(field).asText(), k -> "id" + ids.size()));
                }
            }
            ObjectNode attributes = (ObjectNode) copy.get("attributes");
            attributes.remove("durationMs");
            if (attributes.has("sourceRunId")) {
                attributes.put("sourceRunId", ids.get(attributes.get("sourceRunId").asText()));
            }
            return (JsonNode) copy;
        }).toList();
    }
}
