package sh.ratri.agent.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;

import java.util.function.Consumer;

/**
 * A bounded, lock-free, many-producer one-consumer ring buffer of events. {@link #claim} never
 * blocks: it claims a slot with one CAS or reports the queue full; the producer writes its event
 * straight into the slot, an {@link Event} made the first time the ring reaches it and reused on
 * every later lap, and {@link #publish publishes} it, so that in steady state producing allocates
 * nothing and copies nothing ({@link #offer} copies an event made elsewhere into the slot). The
 * consumer reads the slots where they lie
 * ({@link #take}) and frees them afterwards ({@link #release}), so draining allocates nothing
 * either. Written with {@code VarHandle}s rather than a library that uses {@code sun.misc.Unsafe},
 * which JDK 24+ warns about on every start.
 */
public final class EventQueue implements EventOutlet {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Event[].class);
    private static final VarHandle WRITTEN = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle PRODUCER;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER = lookup.findVarHandle(EventQueue.class, "producerIndex", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(EventQueue.class, "producerLimit", long.class);
            CONSUMER = lookup.findVarHandle(EventQueue.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many calls of {@link #skipAbandoned} in a row must find a slot unwritten before it is skipped. */
    static final int STUCK_CHECKS = 3;

    private final Event[] slots;
    /** Per slot, one more than the index of the event last written into it: the consumer waits for its index there. */
    private final long[] written;
    private final int mask;
    // padding keeps the two hot indices on separate cache lines
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long producerIndex;
    /**
     * Where producers may write up to without reading {@code consumerIndex}: reading the index the
     * consumer keeps writing would move its cache line to the producer's core on every offer.
     */
    private volatile long producerLimit;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile long consumerIndex;
    /** The consumer's own: the next index it takes; the slots from {@code consumerIndex} up to it are taken, not yet released. */
    private long nextToTake;
    /**
     * The consumer's own: the claimed, unpublished slot it last found in its way (-1: none), since
     * when, and how many times in a row.
     */
    private long stuckIndex = -1;
    private long stuckSince;
    private int stuckSeen;
    /** The consumer's own: how far producers had claimed when it first found {@code stuckIndex} in its way. */
    private long claimedWhenStuck;
    /**
     * The consumer's own: a slot below this still unpublished is abandoned at once: it was claimed before
     * a slot found abandoned was first seen stuck, so it has waited as long.
     */
    private long abandonedBelow;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    /** {@code capacity} is rounded up to a power of two. */
    public EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.slots = new Event[size];
        this.written = new long[size];
        this.mask = size - 1;
        this.producerLimit = size;
    }

    public int capacity() {
        return slots.length;
    }

    /** Adds a copy of {@code event}, or returns false at once when the queue is full. */
    @Override
    public boolean offer(Event event) {
        Event slot = claim();
        if (slot == null) {
            return false;
        }
        try {
            slot.copyFrom(event);
        } finally {
            publish(slot);
        }
        return true;
    }

    /** A free slot to write one event into, or null at once when the queue is full; {@code scratch} is not used. */
    @Override
    public Event claim(Event scratch) {
        return claim();
    }

    /**
     * A free slot to write one event into, or null at once when the queue is full. The consumer
     * stops at this slot until it is {@link #publish published}: publish it as soon as it is written.
     */
    public Event claim() {
        long limit = (long) PRODUCER_LIMIT.getVolatile(this);
        long index;
        do {
            index = (long) PRODUCER.getVolatile(this);
            if (index >= limit) {
                limit = (long) CONSUMER.getAcquire(this) + slots.length;
                if (index >= limit) {
                    return null;
                }
                PRODUCER_LIMIT.setRelease(this, limit);
            }
        } while (!PRODUCER.compareAndSet(this, index, index + 1));
        int offset = (int) index & mask;
        // the slot is free: the consumer moved past its last lap before this index could be claimed
        Event slot = (Event) SLOTS.getAcquire(slots, offset);
        if (slot == null) {
            slot = new Event();
            SLOTS.setRelease(slots, offset, slot);
        }
        slot.claimedAt(index);
        return slot;
    }

    /** Hands {@code slot}, claimed and now written, to the consumer; always taken. */
    @Override
    public boolean publish(Event slot) {
        long index = slot.claimedAt();
        WRITTEN.setRelease(written, (int) index & mask, index + 1);
        return true;
    }

    /**
     * Hands up to {@code max} events to {@code sink} in order and returns how many. Only the one
     * consumer thread may call this. A slot claimed but not yet written ends the take early. Each
     * event handed over is the slot itself, which stays the consumer's, unchanged, until
     * {@link #release}: so it can be read where it lies instead of being copied out.
     */
    public int take(Consumer<Event> sink, int max) {
        long index = nextToTake;
        int taken = 0;
        while (taken < max) {
            int offset = (int) index & mask;
            if ((long) WRITTEN.getAcquire(written, offset) != index + 1) {
                break;
            }
            index++;
            taken++;
            sink.accept((Event) SLOTS.getAcquire(slots, offset));
        }
        nextToTake = index;
        return taken;
    }

    /**
     * Steps past the slot the consumer waits at when it has stayed claimed but unpublished for
     * {@code patienceNanos} of the consumer's clock ({@code now}) and in {@link #STUCK_CHECKS} calls:
     * its producer died between claiming and publishing (a {@code StackOverflowError} the application
     * caught), and without this every later event would wait behind it for good. The count of calls
     * spares a producer that a long GC pause stopped mid-write along with the consumer. True when it
     * stepped past one, which the caller counts lost. The slot gets a new event, so a producer that
     * was only slow writes into one no one reads. Consumer thread only; call it when {@link #take}
     * stopped early.
     */
    public boolean skipAbandoned(long now, long patienceNanos) {
        long index = nextToTake;
        if (index >= (long) PRODUCER.getAcquire(this)
                || (long) WRITTEN.getAcquire(written, (int) index & mask) == index + 1) {
            stuckIndex = -1; // nothing claimed there yet, or published: take() gets it
            return false;
        }
        if (index >= abandonedBelow) {
            if (stuckIndex != index) {
                stuckIndex = index;
                stuckSince = now;
                stuckSeen = 0;
                claimedWhenStuck = (long) PRODUCER.getAcquire(this);
            }
            if (++stuckSeen < STUCK_CHECKS || now - stuckSince < patienceNanos) {
                return false;
            }
            // one overflow can leave several slots: those claimed with this one go without a wait of their own
            abandonedBelow = claimedWhenStuck;
        }
        SLOTS.setRelease(slots, (int) index & mask, new Event());
        nextToTake = index + 1;
        stuckIndex = -1;
        return true;
    }

    /** Gives the slots taken so far back to the producers, dropping what they refer to. Consumer thread only. */
    public void release() {
        long from = (long) CONSUMER.getOpaque(this);
        long to = nextToTake;
        if (from == to) {
            return;
        }
        for (long index = from; index < to; index++) {
            ((Event) SLOTS.getAcquire(slots, (int) index & mask)).clear();
        }
        // once per release, not per element: producers see the freed slots a batch at a time
        CONSUMER.setRelease(this, to);
    }

    /** How many events were ever offered and taken in: the consumer has seen them all once it drained as many. */
    public long offered() {
        return (long) PRODUCER.getAcquire(this);
    }

    public boolean isEmpty() {
        return (long) CONSUMER.getAcquire(this) >= (long) PRODUCER.getAcquire(this);
    }
}
