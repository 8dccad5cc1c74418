package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SessionStateTest {

    @Test
    void defaultIndexesCountUpInOrderOfEntry() {
        SessionState s = new SessionState(1);

        assertThat(s.index(-1)).isEqualTo(0);
        assertThat(s.index(-1)).isEqualTo(1);
        assertThat(s.index(-1)).isEqualTo(2);
    }

    @Test
    void declaredIndexIsKeptAndMovesTheCounterPastIt() {
        SessionState s = new SessionState(1);

        assertThat(s.index(5)).isEqualTo(5);
        assertThat(s.index(-1)).isEqualTo(6);
    }

    @Test
    void declaredIndexBelowTheCounterDoesNotMoveItBack() {
        SessionState s = new SessionState(1);
        s.index(-1);
        s.index(-1);
        s.index(-1);

        assertThat(s.index(0)).isEqualTo(0);
        assertThat(s.index(-1)).isEqualTo(3);
    }

    @Test
    void aSessionSharedWithOtherThreadsGivesEveryDefaultIndexOnce() throws Exception {
        SessionState s = new SessionState(1);
        s.index(-1); // counted by its own thread alone
        s.share();   // as when a frame in it is captured for another thread
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = List.of(new Thread(() -> take(s, start, seen)), new Thread(() -> take(s, start, seen)));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(seen).hasSize(20_000).doesNotContain(0);
        assertThat(s.index(-1)).isEqualTo(20_001);
        assertThat(s.reusable()).isFalse();
    }

    private static void take(SessionState s, CountDownLatch start, Set<Integer> seen) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < 10_000; i++) {
            seen.add(s.index(-1));
        }
    }
}
