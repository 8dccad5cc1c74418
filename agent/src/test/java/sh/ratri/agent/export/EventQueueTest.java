package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventQueueTest {

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertThat(new EventQueue<>(16).capacity()).isEqualTo(16);
        assertThat(new EventQueue<>(17).capacity()).isEqualTo(32);
        assertThat(new EventQueue<>(1000).capacity()).isEqualTo(1024);
        assertThat(new EventQueue<>(65_536).capacity()).isEqualTo(65_536);
        assertThat(new EventQueue<>((1 << 20) - 5).capacity()).isEqualTo(1 << 20);
    }

    @Test
    void tinyCapacityStillHoldsSomething() {
        EventQueue<String> queue = new EventQueue<>(1);

        assertThat(queue.capacity()).isGreaterThanOrEqualTo(1);
        assertThat(queue.offer("a")).isTrue();
    }

    @Test
    void offerReturnsFalseOnceFull() {
        EventQueue<Integer> queue = new EventQueue<>(16);
        for (int i = 0; i < 16; i++) {
            assertThat(queue.offer(i)).isTrue();
        }

        assertThat(queue.offer(16)).isFalse();
        assertThat(queue.offer(17)).isFalse();
    }

    @Test
    void drainingMakesRoomAgain() {
        EventQueue<Integer> queue = new EventQueue<>(16);
        for (int i = 0; i < 16; i++) {
            queue.offer(i);
        }

        assertThat(queue.drain(e -> { }, 4)).isEqualTo(4);

        for (int i = 0; i < 4; i++) {
            assertThat(queue.offer(100 + i)).isTrue();
        }
        assertThat(queue.offer(200)).isFalse();
    }

    @Test
    void drainHandsElementsOutInOfferOrder() {
        EventQueue<Integer> queue = new EventQueue<>(16);
        List<Integer> out = new ArrayList<>();
        // several laps around the ring
        for (int lap = 0; lap < 5; lap++) {
            for (int i = 0; i < 10; i++) {
                queue.offer(lap * 10 + i);
            }
            queue.drain(out::add, Integer.MAX_VALUE);
        }

        assertThat(out).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
    }

    @Test
    void drainTakesAtMostMax() {
        EventQueue<Integer> queue = new EventQueue<>(16);
        for (int i = 0; i < 10; i++) {
            queue.offer(i);
        }
        List<Integer> out = new ArrayList<>();

        assertThat(queue.drain(out::add, 3)).isEqualTo(3);
        assertThat(out).containsExactly(0, 1, 2);
        assertThat(queue.drain(out::add, 100)).isEqualTo(7);
        assertThat(out).hasSize(10);
        assertThat(queue.drain(out::add, 100)).isZero();
    }

    @Test
    void isEmptyFollowsOffersAndDrains() {
        EventQueue<String> queue = new EventQueue<>(16);
        assertThat(queue.isEmpty()).isTrue();

        queue.offer("a");
        assertThat(queue.isEmpty()).isFalse();

        queue.drain(e -> { }, 1);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manyProducersOneConsumerLoseNothingAndKeepEachProducersOrder() throws InterruptedException {
        int producers = 4;
        int perProducer = 100_000;
        EventQueue<Long> queue = new EventQueue<>(65_536);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            long producer = p;
            threads[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = 0; i < perProducer; i++) {
                    Long element = (producer << 32) | i;
                    while (!queue.offer(element)) {
                        Thread.yield(); // let the consumer run: this machine may have fewer cores than threads
                    }
                }
            }, "producer-" + p);
            threads[p].start();
        }

        long[] next = new long[producers];
        long[] received = {0};
        List<String> errors = new ArrayList<>();
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (received[0] < (long) producers * perProducer && System.nanoTime() < deadline) {
            int taken = queue.drain(e -> {
                int producer = (int) (e >>> 32);
                long i = e & 0xFFFF_FFFFL;
                if (i != next[producer] && errors.size() < 10) {
                    errors.add("producer " + producer + ": expected " + next[producer] + ", got " + i);
                }
                next[producer] = i + 1;
                received[0]++;
            }, 1024);
            if (taken == 0) {
                Thread.yield();
            }
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(errors).isEmpty();
        assertThat(received[0]).isEqualTo((long) producers * perProducer);
        assertThat(next).containsOnly(perProducer);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.drain(e -> { }, 10)).isZero();
    }
}
