package sh.ratri.benchmarks.workload;

/**
 * The floor of tracing {@link Nested}'s five calls: what any tracer that records both ends of every call
 * must pay, timed by the same {@link Workload} loop with no agent attached (this class carries no
 * tracer's annotation, so nothing weaves it). Each call does only what no tracer can skip:
 * <ul>
 * <li>one look-up of the thread's ring ({@code ThreadLocal}): code woven into a method reaches only
 *     static state, and a ring per thread spares the calls a shared, contended index; the exit reuses
 *     the entry's look-up, as advice hands a value from enter to exit;</li>
 * <li>two clock readings, {@code System.nanoTime()} at entry and at exit: a duration needs both ends;</li>
 * <li>two records, one per end, each four longs (call site, time, thread id, sequence) in a preallocated
 *     cache line, published by one release store of the sequence: no allocation, no lock, no
 *     compare-and-set, and nothing formatted on the application thread.</li>
 * </ul>
 * {@link #recording()} stops there: nothing reads the records (a tracer whose exporter is off).
 * {@link #handingOff()} adds one {@link FloorConsumer} thread that reads every record: the cache lines
 * the calls write move to another core, the least any tracer pays whose events leave the thread. Its
 * ring is bounded and the calls never wait: a record without room is dropped and counted
 * ({@link #dropped()}).
 */
public final class FloorCalls implements Calls {

    // a negative site is the end of the call its positive counterpart started
    private static final long SESSION = 1;
    private static final long RUN = 2;
    private static final long STEP = 3;
    private static final long CHILD_RUN = 4;
    private static final long TOOL = 5;

    private final ThreadLocal<FloorRing> rings;

    private FloorCalls(FloorConsumer consumer) {
        // a subclass rather than withInitial: no lambda to spin before the first call
        this.rings = new ThreadLocal<>() {
            @Override
            protected FloorRing initialValue() {
                FloorRing ring = new FloorRing(Thread.currentThread().getId(), consumer != null);
                if (consumer != null) {
                    consumer.add(ring);
                }
                return ring;
            }
        };
    }

    /** Records that nothing reads. */
    public static FloorCalls recording() {
        return new FloorCalls(null);
    }

    /** Records that one consumer thread reads, every one of them. */
    public static FloorCalls handingOff() {
        return new FloorCalls(FloorConsumer.started());
    }

    /** Records the calling thread's ring had no room for. */
    public long dropped() {
        return rings.get().dropped();
    }

    @Override
    public String session(int i) {
        FloorRing ring = rings.get();
        ring.record(SESSION, System.nanoTime());
        String reply = run(i);
        ring.record(-SESSION, System.nanoTime());
        return reply;
    }

    private String run(int i) {
        FloorRing ring = rings.get();
        ring.record(RUN, System.nanoTime());
        String reply = step(i);
        ring.record(-RUN, System.nanoTime());
        return reply;
    }

    private String step(int i) {
        FloorRing ring = rings.get();
        ring.record(STEP, System.nanoTime());
        String reply = childRun(i);
        ring.record(-STEP, System.nanoTime());
        return reply;
    }

    private String childRun(int i) {
        FloorRing ring = rings.get();
        ring.record(CHILD_RUN, System.nanoTime());
        String reply = tool(i);
        ring.record(-CHILD_RUN, System.nanoTime());
        return reply;
    }

    private String tool(int i) {
        FloorRing ring = rings.get();
        ring.record(TOOL, System.nanoTime());
        String reply = Replies.of(i);
        ring.record(-TOOL, System.nanoTime());
        return reply;
    }
}
