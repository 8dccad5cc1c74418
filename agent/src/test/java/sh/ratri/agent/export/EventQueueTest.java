package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import sh.ratri.agent.AllocatedBytes;
import sh.ratri.agent.timeline.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventQueueTest {

    /** As the exporter drains: takes up to {@code max} events, then gives their slots back. */
    private static int drain(EventQueue queue, Consumer<Event> sink, int max) {
        int taken = queue.take(sink, max);
        queue.release();
        return taken;
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertThat(new EventQueue(16).capacity()).isEqualTo(16);
        assertThat(new EventQueue(17).capacity()).isEqualTo(32);
        assertThat(new EventQueue(1000).capacity()).isEqualTo(1024);
        assertThat(new EventQueue(65_536).capacity()).isEqualTo(65_536);
        assertThat(new EventQueue((1 << 20) - 5).capacity()).isEqualTo(1 << 20);
    }

    @Test
    void tinyCapacityStillHoldsSomething() {
        EventQueue queue = new EventQueue(1);

        assertThat(queue.capacity()).isGreaterThanOrEqualTo(1);
        assertThat(queue.offer(event(1))).isTrue();
    }

    @Test
    void offerReturnsFalseOnceFull() {
        EventQueue queue = new EventQueue(16);
        for (int i = 0; i < 16; i++) {
            assertThat(queue.offer(event(i))).isTrue();
        }

        assertThat(queue.offer(event(16))).isFalse();
        assertThat(queue.offer(event(17))).isFalse();
    }

    @Test
    void drainingMakesRoomAgain() {
        EventQueue queue = new EventQueue(16);
        for (int i = 0; i < 16; i++) {
            queue.offer(event(i));
        }

        assertThat(drain(queue, e -> { }, 4)).isEqualTo(4);

        for (int i = 0; i < 4; i++) {
            assertThat(queue.offer(event(100 + i))).isTrue();
        }
        assertThat(queue.offer(event(200))).isFalse();
    }

    @Test
    void drainHandsElementsOutInOfferOrder() {
        EventQueue queue = new EventQueue(16);
        List<Long> out = new ArrayList<>();
        // several laps around the ring
        for (int lap = 0; lap < 5; lap++) {
            for (int i = 0; i < 10; i++) {
                queue.offer(event(lap * 10 + i));
            }
            drain(queue, e -> out.add(e.count()), Integer.MAX_VALUE);
        }

        assertThat(out).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(out.get(i)).isEqualTo((long) i);
        }
    }

    @Test
    void drainTakesAtMostMax() {
        EventQueue queue = new EventQueue(16);
        for (int i = 0; i < 10; i++) {
            queue.offer(event(i));
        }
        List<Long> out = new ArrayList<>();

        assertThat(drain(queue, e -> out.add(e.count()), 3)).isEqualTo(3);
        assertThat(out).containsExactly(0L, 1L, 2L);
        assertThat(drain(queue, e -> out.add(e.count()), 100)).isEqualTo(7);
        assertThat(out).hasSize(10);
        assertThat(drain(queue, e -> out.add(e.count()), 100)).isZero();
    }

    @Test
    void isEmptyFollowsOffersAndDrains() {
        EventQueue queue = new EventQueue(16);
        assertThat(queue.isEmpty()).isTrue();

        queue.offer(event(1));
        assertThat(queue.isEmpty()).isFalse();

        drain(queue, e -> { }, 1);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manyProducersOneConsumerLoseNothingAndKeepEachProducersOrder() throws InterruptedException {
        int producers = 4;
        int perProducer = 100_000;
        EventQueue queue = new EventQueue(65_536);
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
                    Event element = event((producer << 32) | i);
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
            int taken = drain(queue, e -> {
                int producer = (int) (e.count() >>> 32);
                long i = e.count() & 0xFFFF_FFFFL;
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
        assertThat(drain(queue, e -> { }, 10)).isZero();
    }

    @Test
    void takenSlotsStayUnwrittenUntilReleased() {
        EventQueue queue = new EventQueue(4);
        for (int i = 0; i < 4; i++) {
            queue.offer(event(i));
        }
        List<Event> taken = new ArrayList<>();

        assertThat(queue.take(taken::add, 4)).isEqualTo(4);
        assertThat(queue.offer(event(9))).isFalse();
        assertThat(taken).extracting(Event::count).containsExactly(0L, 1L, 2L, 3L);
        assertThat(queue.take(taken::add, 4)).isZero();

        queue.release();
        assertThat(queue.offer(event(9))).isTrue();
        assertThat(queue.take(e -> { }, 4)).isEqualTo(1);
    }

    @Test
    void aClaimedSlotIsTakenOnlyOnceItIsPublishedAndInClaimOrder() {
        EventQueue queue = new EventQueue(16);
        Event first = queue.claim();
        Event second = queue.claim();
        second.copyFrom(event(2));
        queue.publish(second);
        List<Long> out = new ArrayList<>();

        assertThat(drain(queue, e -> out.add(e.count()), 10)).isZero();

        first.copyFrom(event(1));
        queue.publish(first);
        assertThat(drain(queue, e -> out.add(e.count()), 10)).isEqualTo(2);
        assertThat(out).containsExactly(1L, 2L);
    }

    @Test
    void aSlotClaimedAndNeverPublishedIsSteppedPastOnceItWaitedLongEnoughInSeveralChecks() {
        EventQueue queue = new EventQueue(16);
        Event abandoned = queue.claim(); // its producer dies here
        Event behind = queue.claim();
        behind.copyFrom(event(2));
        queue.publish(behind);
        List<Long> out = new ArrayList<>();
        long patience = 1_000;

        assertThat(drain(queue, e -> out.add(e.count()), 10)).isZero();
        assertThat(EventQueue.STUCK_CHECKS).isEqualTo(3);
        assertThat(queue.skipAbandoned(0, patience)).as("first seen").isFalse();
        assertThat(queue.skipAbandoned(5 * patience, patience))
                .as("waited long enough, but seen twice only: a GC pause may have stopped its producer too").isFalse();
        assertThat(queue.skipAbandoned(5 * patience, patience)).as("seen three times").isTrue();

        assertThat(drain(queue, e -> out.add(e.count()), 10)).isEqualTo(1);
        assertThat(out).containsExactly(2L);
        assertThat(queue.isEmpty()).isTrue();
        // a producer that was only slow writes into the event it claimed, which the queue no longer holds
        abandoned.copyFrom(event(1));
        queue.publish(abandoned);
        assertThat(drain(queue, e -> out.add(e.count()), 10)).isZero();
        for (int i = 0; i < 16; i++) { // a full lap later the slot serves its next producer as usual
            Event slot = queue.claim();
            assertThat(slot).isNotSameAs(abandoned);
            slot.copyFrom(event(10 + i));
            queue.publish(slot);
            assertThat(drain(queue, e -> out.add(e.count()), 10)).isEqualTo(1);
        }
        assertThat(out).hasSize(17).endsWith(25L);
    }

    @Test
    void slotsClaimedWithOneFoundAbandonedAreSteppedPastWithoutAWaitOfTheirOwn() {
        EventQueue queue = new EventQueue(16);
        queue.claim(); // two producers die part way
        queue.claim();
        Event published = queue.claim();
        published.copyFrom(event(3));
        queue.publish(published);
        queue.claim(); // and one more
        List<Long> out = new ArrayList<>();

        for (int check = 1; check < EventQueue.STUCK_CHECKS; check++) {
            assertThat(queue.skipAbandoned(0, 1_000)).isFalse();
        }
        assertThat(queue.skipAbandoned(1_000, 1_000)).as("the first, after its wait").isTrue();
        assertThat(queue.skipAbandoned(1_000, 1_000)).as("the second, at once").isTrue();
        assertThat(drain(queue, e -> out.add(e.count()), 10)).isEqualTo(1);
        assertThat(queue.skipAbandoned(1_000, 1_000)).as("the fourth, at once").isTrue();
        assertThat(drain(queue, e -> out.add(e.count()), 10)).isZero();
        assertThat(out).containsExactly(3L);
        assertThat(queue.isEmpty()).isTrue();

        Event later = queue.claim(); // claimed after the stuck slot was first seen: waits its own turn
        assertThat(queue.skipAbandoned(1_000, 1_000)).isFalse();
        later.copyFrom(event(5));
        queue.publish(later);
        assertThat(drain(queue, e -> out.add(e.count()), 10)).isEqualTo(1);
    }

    @Test
    void aSlotUnpublishedForLessThanThePatienceIsWaitedFor() {
        EventQueue queue = new EventQueue(16);
        Event slow = queue.claim();

        for (int check = 0; check < 2 * EventQueue.STUCK_CHECKS; check++) {
            assertThat(queue.skipAbandoned(check * 100L, 1_000)).isFalse();
        }
        slow.copyFrom(event(1));
        queue.publish(slow);
        assertThat(drain(queue, e -> { }, 10)).isEqualTo(1);
    }

    @Test
    void aPublishedOrUnclaimedSlotIsNeverSteppedPast() {
        EventQueue queue = new EventQueue(16);
        for (int check = 0; check < 2 * EventQueue.STUCK_CHECKS; check++) {
            assertThat(queue.skipAbandoned(check * 1_000_000_000L, 1)).as("nothing claimed").isFalse();
        }
        Event slot = queue.claim();
        slot.copyFrom(event(1));
        queue.publish(slot);
        for (int check = 0; check < 2 * EventQueue.STUCK_CHECKS; check++) {
            assertThat(queue.skipAbandoned(check * 1_000_000_000L, 1)).as("published, not yet taken").isFalse();
        }
        assertThat(drain(queue, e -> { }, 10)).isEqualTo(1);
    }

    @Test
    void claimGivesNoSlotWhileTheQueueIsFullAndASlotAgainOnceOneIsReleased() {
        EventQueue queue = new EventQueue(4);
        for (int i = 0; i < 4; i++) {
            Event slot = queue.claim();
            slot.copyFrom(event(i));
            queue.publish(slot);
        }

        assertThat(queue.claim()).isNull();
        assertThat(queue.claim(new Event())).isNull();

        drain(queue, e -> { }, 1);
        assertThat(queue.claim()).isNotNull();
        assertThat(queue.claim()).isNull();
    }

    @Test
    void offerCopiesTheEventSoItsWriterMayReuseIt() {
        EventQueue queue = new EventQueue(16);
        Event scratch = new Event();
        scratch.copyFrom(event(1));
        queue.offer(scratch);
        scratch.copyFrom(event(2));
        queue.offer(scratch);
        List<Long> out = new ArrayList<>();

        drain(queue, e -> out.add(e.count()), 10);

        assertThat(out).containsExactly(1L, 2L);
    }

    @Test
    void laterLapsWriteIntoTheSlotsTheFirstLapMade() {
        EventQueue queue = new EventQueue(4);
        List<Event> firstLap = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queue.offer(event(i));
        }
        drain(queue, firstLap::add, 4);
        List<Event> secondLap = new ArrayList<>();
        List<Long> counts = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            queue.offer(event(10 + i));
        }
        drain(queue, e -> {
            secondLap.add(e);
            counts.add(e.count());
        }, 4);

        assertThat(counts).containsExactly(10L, 11L, 12L, 13L);
        for (int i = 0; i < 4; i++) {
            assertThat(secondLap.get(i)).isSameAs(firstLap.get(i));
        }
    }

    @Test
    void offeringAndDrainingAllocateNothingOnceTheRingHasGoneRound() {
        EventQueue queue = new EventQueue(64);
        Event event = event(7);
        long[] seen = {0};
        Consumer<Event> count = e -> seen[0] += e.count();
        double allocated = AllocatedBytes.perRun(20_000, 10_000, () -> { // first laps make the slots
            queue.offer(event);
            drain(queue, count, 1);
        });

        assertThat(allocated).isLessThan(1.0);
        assertThat(seen[0]).isEqualTo(30_000L * 7);
    }

    /** An event that carries {@code n} (as its count), to tell events apart after they went through the ring. */
    private static Event event(long n) {
        return Event.dropped(n, "producer", 1, n);
    }
}
