package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DroppedEventsTest {

    private final DroppedEvents dropped = new DroppedEvents();

    private Map<Long, Long> drain() {
        Map<Long, Long> reports = new LinkedHashMap<>();
        dropped.drain((session, count) -> reports.merge(session, count, Long::sum)); // a session may come round twice
        return reports;
    }

    @Test
    void eachSessionIsReportedOnceWithItsLossSinceTheLastDrain() {
        SessionState a = new SessionState(1);
        SessionState b = new SessionState(2);
        dropped.count(a);
        dropped.count(b);
        dropped.count(a);

        assertThat(drain()).containsExactly(Map.entry(1L, 2L), Map.entry(2L, 1L));
        assertThat(drain()).isEmpty();

        dropped.count(b);
        assertThat(drain()).containsExactly(Map.entry(2L, 1L));
        assertThat(dropped.total()).isEqualTo(4);
    }

    @Test
    void aStalledExporterHoldsAtMostTheCapOfSessionsAndStillCountsEveryLoss() {
        int sessions = DroppedEvents.MAX_AWAITING + 1000;
        SessionState[] all = new SessionState[sessions];
        for (int i = 0; i < sessions; i++) {
            all[i] = new SessionState(i + 1);
            dropped.count(all[i]);
        }

        Map<Long, Long> first = drain();
        assertThat(first).hasSize(DroppedEvents.MAX_AWAITING);
        assertThat(dropped.total()).isEqualTo(sessions);

        // a session that found the line full keeps its count and is reported after its next loss
        SessionState late = all[sessions - 1];
        dropped.count(late);
        assertThat(drain()).containsExactly(Map.entry(late.id, 2L));
        assertThat(dropped.total()).isEqualTo(sessions + 1);
    }

    @Test
    void manyThreadsLosingEventsNeverReportMoreThanWasCounted() throws InterruptedException {
        SessionState shared = new SessionState(7);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    dropped.count(shared);
                }
            });
            threads[t].start();
        }
        long reported = 0;
        while (anyAlive(threads)) {
            reported += drain().values().stream().mapToLong(Long::longValue).sum();
        }
        reported += drain().values().stream().mapToLong(Long::longValue).sum();

        assertThat(reported).isEqualTo(200_000).isEqualTo(dropped.total());
    }

    @Test
    void aDrainEndsEvenWhileItsSessionsKeepLosingEvents() {
        SessionState busy = new SessionState(9);
        dropped.count(busy);
        Map<Long, Long> reports = new LinkedHashMap<>();

        dropped.drain((session, count) -> {
            reports.merge(session, count, Long::sum);
            dropped.count(busy); // the application loses another event while the exporter reports
        });

        assertThat(reports).containsExactly(Map.entry(9L, 1L));
        assertThat(drain()).containsExactly(Map.entry(9L, 1L)); // the later loss waits for the next drain
    }

    @Test
    void aSessionReusedWhileItsReportIsUnderWayIsReportedUnderItsOldId() {
        SessionState a = new SessionState(1);
        SessionState b = new SessionState(2);
        dropped.count(a);
        dropped.count(b);
        Map<Long, Long> reports = new LinkedHashMap<>();

        dropped.drain((session, count) -> {
            reports.put(session, count);
            SessionState reported = session == 1 ? a : b;
            assertThat(reported.settled()).isTrue(); // its thread may take it for a new session now
            reported.reopen(session + 100, null);
            dropped.count(reported); // and lose an event in it at once
        });

        assertThat(reports).containsExactly(Map.entry(1L, 1L), Map.entry(2L, 1L));
        assertThat(drain()).containsExactly(Map.entry(101L, 1L), Map.entry(102L, 1L));
    }

    @Test
    void aSessionIsNotSettledWhileItWaitsOrHoldsALossTheFullLineRefused() {
        SessionState waiting = new SessionState(1);
        dropped.count(waiting);
        assertThat(waiting.settled()).isFalse();
        drain();
        assertThat(waiting.settled()).isTrue();

        SessionState[] filling = new SessionState[DroppedEvents.MAX_AWAITING];
        for (int i = 0; i < filling.length; i++) {
            filling[i] = new SessionState(i + 10);
            dropped.count(filling[i]);
        }
        SessionState refused = new SessionState(2);
        dropped.count(refused); // the line is full: the count stays with the session
        drain();
        assertThat(refused.settled()).isFalse();
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }
}
