package sh.ratri.agent.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Events from all files as one timeline: each {@code eventId} once (the first copy read wins;
 * the http sink delivers at least once), ordered by timestamp, then by per-JVM sequence.
 */
record EventLog(List<RecordedEvent> events, int duplicateEvents) {

    private static final Comparator<RecordedEvent> TIMELINE_ORDER =
            Comparator.comparing(RecordedEvent::timestamp).thenComparingLong(RecordedEvent::sequence);

    static EventLog of(List<RecordedEvent> read) {
        Set<String> seenIds = new HashSet<>();
        List<RecordedEvent> unique = new ArrayList<>(read.size());
        int duplicates = 0;
        for (RecordedEvent event : read) {
            if (event.eventId() != null && !seenIds.add(event.eventId())) {
                duplicates++;
            } else {
                unique.add(event);
            }
        }
        unique.sort(TIMELINE_ORDER);
        return new EventLog(List.copyOf(unique), duplicates);
    }

    boolean isEmpty() {
        return events.isEmpty();
    }
}
