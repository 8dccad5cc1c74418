package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final long START = 1_000_000_000L;

    @Test
    void idsAreUniqueAndNeverZero() {
        Ids.Block ids = new Ids(START).block();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            long id = ids.next(START + i * 1_000L);
            assertThat(id).isNotZero();
            assertThat(seen.add(id)).as("id %d repeated", id).isTrue();
        }
    }

    @Test
    void idsIncreaseWithTime() {
        Ids.Block ids = new Ids(START).block();
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.next(START + i * 100_000L);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void highBitsCarryTheTimeSinceStart() {
        Ids.Block ids = new Ids(START).block();

        long id = ids.next(START + (7L << 20));

        assertThat(id >>> Ids.COUNTER_BITS).isEqualTo(7);
    }

    @Test
    void timeBeforeTheStartCountsAsTheStart() {
        Ids.Block ids = new Ids(START).block();

        assertThat(ids.next(START - 5_000_000L) >>> Ids.COUNTER_BITS).isZero();
    }

    @Test
    void idsFromManyThreadsAreUnique() throws InterruptedException {
        Ids ids = new Ids(System.nanoTime());
        long[][] made = new long[4][50_000];
        Thread[] threads = new Thread[made.length];
        for (int t = 0; t < threads.length; t++) {
            long[] mine = made[t];
            threads[t] = new Thread(() -> {
                Ids.Block block = ids.block();
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = block.next(System.nanoTime());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Set<Long> seen = new HashSet<>();
        for (long[] mine : made) {
            for (long id : mine) {
                assertThat(seen.add(id)).isTrue();
            }
        }
    }
}
