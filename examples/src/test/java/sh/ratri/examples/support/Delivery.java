package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on what a backend received: at-least-once by eventId, per-session order, spool contents. */
public final class Delivery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Delivery() {
    }

    public static Set<String> ids(List<JsonNode> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(e -> ids.add(e.path("eventId").asText()));
        return ids;
    }

    /** Every event once by id; an id received twice carries the identical event (a resent batch). */
    public static void assertSameEventsDuplicatesOnlyByEventId(List<JsonNode> delivered, List<JsonNode> expected) {
        Map<String, JsonNode> first = new HashMap<>();
        for (JsonNode e : delivered) {
            JsonNode earlier = first.putIfAbsent(e.path("eventId").asText(), e);
            if (earlier != null) {
                assertThat(e).as("a duplicate eventId carries the same event").isEqualTo(earlier);
            }
        }
        assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(ids(expected));
    }

    /** In arrival order (first copy of each id), every session's events have increasing sequence numbers. */
    public static void assertPerSessionOrder(List<JsonNode> delivered) {
        Map<String, Long> last = new HashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode e : delivered) {
            if (!seen.add(e.path("eventId").asText())) {
                continue;
            }
            long sequence = e.path("sequence").asLong();
            Long before = last.put(e.path("sessionId").asText(), sequence);
            if (before != null) {
                assertThat(sequence).as("sequence after %d in session %s", before, e.path("sessionId").asText())
                        .isGreaterThan(before);
            }
        }
    }

    /** The events in the spool files of {@code dir}, oldest batch first. */
    public static List<JsonNode> spooled(Path dir) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return events;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    JSON.readTree(in).path("events").forEach(events::add);
                }
            }
        }
        return events;
    }
}
