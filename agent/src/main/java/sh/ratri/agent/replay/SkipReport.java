package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the replay left out, so that loss is never silent: lines that were not JSON, JSON that
 * was not a usable event, repeated event ids, and event types this version does not show.
 */
record SkipReport(
        List<String> unparsableLines,
        List<String> invalidEvents,
        int duplicateEvents,
        Map<String, Integer> unknownTypes) {

    private static final int LOCATIONS_SHOWN = 3;

    static SkipReport of(EventFiles.Contents contents, EventLog log) {
        Map<String, Integer> unknownTypes = new TreeMap<>();
        for (RecordedEvent event : log.events()) {
            if (event.kind().isEmpty()) {
                unknownTypes.merge(event.type(), 1, Integer::sum);
            }
        }
        return new SkipReport(contents.unparsableLines(), contents.invalidEvents(),
                log.duplicateEvents(), Map.copyOf(unknownTypes));
    }

    int unknownTypeEvents() {
        return unknownTypes.values().stream().mapToInt(Integer::intValue).sum();
    }

    boolean isEmpty() {
        return unparsableLines.isEmpty() && invalidEvents.isEmpty() && duplicateEvents == 0 && unknownTypes.isEmpty();
    }

    /** One line, e.g. {@code skipped: 1 unparsable line (ratri-events/x.jsonl:7), 2 duplicate events}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!unparsableLines.isEmpty()) {
            parts.add(count(unparsableLines.size(), "unparsable line") + " (" + locations(unparsableLines) + ")");
        }
        if (!invalidEvents.isEmpty()) {
            parts.add(count(invalidEvents.size(), "invalid event") + " (" + locations(invalidEvents) + ")");
        }
        if (duplicateEvents > 0) {
            parts.add(count(duplicateEvents, "duplicate event"));
        }
        if (!unknownTypes.isEmpty()) {
            parts.add(count(unknownTypeEvents(), "event") + " of unknown type ("
                    + String.join(", ", new TreeMap<>(unknownTypes).keySet()) + ")");
        }
        return "skipped: " + String.join(", ", parts);
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String locations(List<String> locations) {
        String shown = String.join(", ", locations.subList(0, Math.min(LOCATIONS_SHOWN, locations.size())));
        int more = locations.size() - LOCATIONS_SHOWN;
        return more > 0 ? shown + ", … " + more + " more" : shown;
    }
}
