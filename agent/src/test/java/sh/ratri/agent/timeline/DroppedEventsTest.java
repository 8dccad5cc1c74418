package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    void reportsInLineAreHandedOnceEachInOrderAndConsecutiveOnesOfASessionAsOne() {
        dropped.report(1, 2);
        dropped.report(1, 3);
        dropped.report(2, 1);
        dropped.report(1, 4);
        List<String> handed = new ArrayList<>();

        dropped.drain((session, count) -> handed.add(session + ":" + count));

        assertThat(handed).containsExactly("1:5", "2:1", "1:4");
        assertThat(drain()).isEmpty();
        assertThat(dropped.idle()).isTrue();
    }

    @Test
    void theTotalCountsEveryLossAtOnceWhetherOrNotItWasReportedYet() {
        dropped.counted(2);
        dropped.counted(1);

        assertThat(dropped.total()).isEqualTo(3);
        assertThat(drain()).isEmpty();
    }

    @Test
    void aStalledExporterHoldsAtMostTheCapOfReportsAndTheLineTakesMoreOnceDrained() {
        for (int i = 0; i < DroppedEvents.MAX_AWAITING; i++) {
            assertThat(dropped.report(i + 1, 1)).isTrue();
        }
        assertThat(dropped.report(-1, 1)).as("the line is full").isFalse();

        assertThat(drain()).hasSize(DroppedEvents.MAX_AWAITING);
        assertThat(dropped.report(-1, 1)).isTrue();
        assertThat(drain()).containsExactly(Map.entry(-1L, 1L));
    }

    @Test
    void manyThreadsReportingNeverHandMoreThanTheyPutInLine() throws InterruptedException {
        Thread[] threads = new Thread[4];
        long[] inLine = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    if (dropped.report(7, 1)) {
                        inLine[thread]++;
                    }
                }
            });
            threads[t].start();
        }
        long reported = 0;
        while (anyAlive(threads)) {
            reported += drain().values().stream().mapToLong(Long::longValue).sum();
        }
        for (Thread t : threads) {
            t.join();
        }
        reported += drain().values().stream().mapToLong(Long::longValue).sum();

        assertThat(reported).isEqualTo(inLine[0] + inLine[1] + inLine[2] + inLine[3]).isPositive();
    }

    @Test
    void aDrainEndsEvenWhileThreadsKeepReporting() {
        dropped.report(9, 1);
        Map<Long, Long> reports = new LinkedHashMap<>();

        dropped.drain((session, count) -> {
            reports.merge(session, count, Long::sum);
            dropped.report(9, 1); // the application loses another event while the exporter reports
        });

        assertThat(reports).containsExactly(Map.entry(9L, 1L));
        assertThat(drain()).containsExactly(Map.entry(9L, 1L)); // the later loss waits for the next drain
    }

    @Test
    void aThreadPutsASessionsLossInLineOnceItsLastFrameInItEndsOrTheLineIsIdle() {
        PendingLoss loss = new PendingLoss();
        SessionState a = new SessionState(1);
        SessionState b = new SessionState(2);
        dropped.report(99, 1); // the exporter has not taken everything yet

        loss.add(a, 2, dropped);
        loss.frameEnded(false, dropped);
        loss.add(a, 1, dropped);
        loss.frameEnded(true, dropped);
        assertThat(drain()).containsExactly(Map.entry(99L, 1L), Map.entry(1L, 3L));

        loss.add(b, 1, dropped);
        loss.frameEnded(false, dropped); // the line is idle: reported as it goes
        assertThat(drain()).containsExactly(Map.entry(2L, 1L));
        assertThat(dropped.total()).isEqualTo(4);
    }

    @Test
    void aThreadThatLosesAnEventOfAnotherSessionPutsTheFirstOnesLossInLine() {
        PendingLoss loss = new PendingLoss();
        dropped.report(99, 1);

        loss.add(new SessionState(1), 2, dropped);
        loss.add(new SessionState(2), 1, dropped);
        loss.handIn(dropped);

        assertThat(drain()).containsExactly(Map.entry(99L, 1L), Map.entry(1L, 2L), Map.entry(2L, 1L));
    }

    @Test
    void aThreadKeepsItsLossWhileTheLineIsFullAndPutsItInLineLater() {
        PendingLoss loss = new PendingLoss();
        for (int i = 0; i < DroppedEvents.MAX_AWAITING; i++) {
            dropped.report(i + 1, 1);
        }
        loss.add(new SessionState(-5), 3, dropped);
        loss.frameEnded(true, dropped);
        drain();

        loss.frameEnded(true, dropped);

        assertThat(drain()).containsExactly(Map.entry(-5L, 3L));
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
