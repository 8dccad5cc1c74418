package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the replay left out, so that loss is never silent: lines that were not JSON, lines too long
 * to read, JSON that was not a usable event, repeated event ids, and event types this version does
 * not show. Filled while the files are read, session by session, and shown once at the end; it
 * keeps the first {@value #LOCATIONS_KEPT} locations of each kind and counts the rest.
 */
final class SkipReport {

    static final int LOCATIONS_KEPT = 1_000;
    private static final int LOCATIONS_SHOWN = 3;

    /** Skipped lines of one kind: how many, and where the first of them are ({@code file:line} and why). */
    static final class Lines {
        private int count;
        private final List<String> at = new ArrayList<>();

        void add(String location) {
            count++;
            if (at.size() < LOCATIONS_KEPT) {
                at.add(location);
            }
        }

        int count() {
            return count;
        }

        List<String> at() {
            return Collections.unmodifiableList(at);
        }

        boolean isEmpty() {
            return count == 0;
        }

        void addAll(Lines other) {
            other.at.forEach(location -> {
                if (at.size() < LOCATIONS_KEPT) {
                    at.add(location);
                }
            });
            count += other.count;
        }
    }

    private final Lines unparsableLines = new Lines();
    private final Lines tooLongLines = new Lines();
    private final Lines invalidEvents = new Lines();
    private int duplicateEvents;
    private final Map<String, Integer> unknownTypes = new TreeMap<>();

    Lines unparsableLines() {
        return unparsableLines;
    }

    Lines tooLongLines() {
        return tooLongLines;
    }

    Lines invalidEvents() {
        return invalidEvents;
    }

    int duplicateEvents() {
        return duplicateEvents;
    }

    Map<String, Integer> unknownTypes() {
        return Collections.unmodifiableMap(unknownTypes);
    }

    /** Adds what one session's load found, after what is already here. */
    void add(SkipReport other) {
        unparsableLines.addAll(other.unparsableLines);
        tooLongLines.addAll(other.tooLongLines);
        invalidEvents.addAll(other.invalidEvents);
        duplicateEvents += other.duplicateEvents;
        other.unknownTypes.forEach((type, count) -> unknownTypes.merge(type, count, Integer::sum));
    }

    void duplicates(int count) {
        duplicateEvents += count;
    }

    void unknownType(String type) {
        unknownTypes.merge(type, 1, Integer::sum);
    }

    int unknownTypeEvents() {
        return unknownTypes.values().stream().mapToInt(Integer::intValue).sum();
    }

    boolean isEmpty() {
        return unparsableLines.isEmpty() && tooLongLines.isEmpty() && invalidEvents.isEmpty() && duplicateEvents == 0
                && unknownTypes.isEmpty();
    }

    /**
     * One line, e.g. {@code skipped: 1 unparsable line (ratri-events/x.jsonl:7), 1 line too long
     * (x.jsonl:9 a string over 20,000,000 characters, …), 2 duplicate events}.
     */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!unparsableLines.isEmpty()) {
            parts.add(count(unparsableLines.count(), "unparsable line") + " (" + locations(unparsableLines) + ")");
        }
        if (!tooLongLines.isEmpty()) {
            parts.add(count(tooLongLines.count(), "line") + " too long (" + locations(tooLongLines) + ")");
        }
        if (!invalidEvents.isEmpty()) {
            parts.add(count(invalidEvents.count(), "invalid event") + " (" + locations(invalidEvents) + ")");
        }
        if (duplicateEvents > 0) {
            parts.add(count(duplicateEvents, "duplicate event"));
        }
        if (!unknownTypes.isEmpty()) {
            parts.add(count(unknownTypeEvents(), "event") + " of unknown type ("
                    + String.join(", ", unknownTypes.keySet()) + ")");
        }
        return "skipped: " + String.join(", ", parts);
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String locations(Lines lines) {
        List<String> shown = lines.at().subList(0, Math.min(LOCATIONS_SHOWN, lines.at().size()));
        int more = lines.count() - shown.size();
        return more > 0 ? String.join(", ", shown) + ", … " + more + " more" : String.join(", ", shown);
    }
}
