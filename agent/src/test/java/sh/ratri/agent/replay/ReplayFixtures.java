package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.json.JsonReader;

/** Turns fixture lines into what the replay views take: the sessions and their events. */
final class ReplayFixtures {

    record Parsed(List<SessionNode> sessions, Map<String, SessionEvents> events) {
        SessionNode session(String id) {
            return sessions.stream().filter(s -> s.sessionId().equals(id)).findFirst().orElseThrow();
        }
    }

    private ReplayFixtures() {}

    static Parsed parse(List<String> lines) {
        List<RecordedEvent> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                read.add(RecordedEvent.fromJson(JsonReader.read(lines.get(i))));
            } catch (RecordedEvent.InvalidEvent e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        EventLog log = EventLog.of(read);
        Map<String, List<RecordedEvent>> bySession = new LinkedHashMap<>();
        log.events().forEach(event -> bySession.computeIfAbsent(event.sessionId(), id -> new ArrayList<>()).add(event));
        Map<String, SessionEvents> events = new LinkedHashMap<>();
        bySession.forEach((id, timeline) -> events.put(id, SessionEvents.of(timeline)));
        return new Parsed(SessionTree.build(log.events()), events);
    }

    @SafeVarargs
    static Parsed parse(List<String>... sessions) {
        List<String> all = new ArrayList<>();
        for (List<String> lines : sessions) {
            all.addAll(lines);
        }
        return parse(all);
    }

    /** A refund agent whose tool failed (so did its run and the session), with a high-risk tool before it. */
    static TimelineFixture failingRefund(String sessionId, String start) {
        return new TimelineFixture(sessionId, start)
                .sessionStarted("refund", "Refund ORD-9", Map.of())
                .runStarted("run-r", null, "refund-agent", "Refund agent", 0, "orchestrator")
                .toolStarted("tool-lookup", "run-r", "orders.lookup", "high", "read", "order", "ORD-9")
                .toolEnded("tool-lookup", "run-r", "completed", 0.4, "ORD-9 paid")
                .toolStarted("tool-refund", "run-r", "payments.refund", "critical", "write", "order", "ORD-9")
                .toolFailed("tool-refund", "run-r", 0.8, "java.lang.IllegalStateException", "gateway down")
                .runEnded("run-r", "failed", 1.5)
                .sessionEnded("failed", 2.0);
    }
}
