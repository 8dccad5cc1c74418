package sh.ratri.agent.export;

import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one daemon thread that drains the queue into the sinks. It numbers events in queue order,
 * puts each policy decision that a {@code tool.started} carries just before it as its own event,
 * turns counted losses into {@code agent.dropped} events, and never lets a sink failure reach the
 * application: a failing sink is reported once and the exporter carries on.
 */
public final class Exporter implements Runnable {

    /** The exporter thread's name, which its loss reports carry as their thread. */
    static final String THREAD = "ratri-exporter";
    private static final int BATCH = 512;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * How long a claimed slot may stay unwritten before the exporter counts it lost and moves on
     * ({@link EventQueue#skipAbandoned}): writing one takes well under a microsecond, so only a
     * producer that died part way, or one descheduled this long, leaves it so.
     */
    private static final long ABANDONED_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventQueue queue;
    private final DroppedEvents dropped;
    private final Supplier<List<Sink>> buildSinks;
    /** An array, not a list: the exporter calls on every sink several times a pass, and a list's loop makes an iterator. */
    private volatile Sink[] sinks;
    private final Batch batch = new Batch(BATCH);
    private final SinkCall writeBatch = sink -> sink.write(batch);
    private final Consumer<Event> addToBatch = this::add;
    private final DroppedEvents.LossReport reportLoss = this::addLoss;
    private final List<String> problems = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Thread thread;
    private long sequence;
    private long exported;
    /** Events taken from the queue and handed on: {@link SessionRecordings} waits for it to reach a point. */
    private volatile long drained;
    private volatile SessionRecordings recordings;

    public Exporter(EventQueue queue, DroppedEvents dropped, List<Sink> sinks) {
        this.queue = queue;
        this.dropped = dropped;
        this.buildSinks = null;
        this.sinks = sinks.toArray(new Sink[0]);
    }

    /**
     * Builds the sinks on the exporter thread before it drains, to keep their set-up (JSON, files,
     * HTTP clients) out of the application's start; events wait in the bounded queue meanwhile.
     */
    public Exporter(EventQueue queue, DroppedEvents dropped, Supplier<List<Sink>> buildSinks) {
        this.queue = queue;
        this.dropped = dropped;
        this.buildSinks = buildSinks;
        this.sinks = new Sink[0];
    }

    public void start() {
        Thread t = new Thread(this, THREAD);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        if (buildSinks != null) {
            sinks = buildSinks.get().toArray(new Sink[0]);
        }
        boolean dirty = false;
        while (true) {
            int taken = drainOnce();
            if (taken >= BATCH) {
                dirty = true;
                continue; // a backlog: keep draining
            }
            // A part batch means the queue ran (about) dry: flush and park rather than chase the
            // producers event by event, which bounces the slots' cache lines between their cores.
            if (taken > 0 || dirty) {
                flushSinks();
                dirty = false;
            }
            if (queue.skipAbandoned(System.nanoTime(), ABANDONED_AFTER_NANOS)) {
                dropped.countUnwritten();
                drained++; // handed over as far as those waiting for the exporter go: it will never come
                continue; // the events behind it are waiting
            }
            if (stopping && queue.isEmpty()) {
                // losses counted after this pass's loss reports (the application's last calls can
                // lose events while the batch is written) are reported now, or the sessions' reports
                // would fall short of the dropped total that the exit line gives
                drainOnce();
                break;
            }
            idleSinks();
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        flushSinks();
    }

    /**
     * Moves one batch from the queue, and any loss reports, to the sinks; returns how many events it
     * took from the queue. Loss reports do not count: a full batch from the queue means a backlog,
     * however many reports were delivered with it (counting only what was left after delivering a
     * full batch of them made the exporter park 2 ms per batch exactly when it was losing events).
     */
    int drainOnce() {
        int taken = queue.take(addToBatch, BATCH);
        dropped.drain(reportLoss);
        if (batch.size() > 0) {
            deliver();
        }
        queue.release(); // only now: the batches just delivered were the queue's slots themselves
        drained += taken; // only this thread writes it
        return taken;
    }

    /** {@code slot} is the queue's, held unchanged until {@link EventQueue#release}: sinks read it where it lies. */
    private void add(Event slot) {
        if (slot.abandoned()) {
            return; // its producer failed writing it, and counted it lost
        }
        Event decision = slot.decisionBefore();
        if (decision != null) {
            addOne(decision);
        }
        addOne(slot);
    }

    /** A queued event may stand for two (see {@link Event#decisionBefore()}): the batch can fill mid-drain. */
    private void addOne(Event event) {
        if (batch.isFull()) {
            deliver();
        }
        batch.add(event, sequence++);
    }

    /** A session's loss, reported as an {@code agent.dropped} event now, in queue order with the events around it. */
    private void addLoss(long sessionId, long count) {
        if (batch.isFull()) {
            deliver();
        }
        batch.addLoss(System.nanoTime(), sessionId, count, sequence++);
    }

    private void deliver() {
        SessionRecordings r = recordings;
        if (r != null) {
            r.deliver(batch);
        }
        eachSink(writeBatch);
        exported += batch.size();
        batch.clear();
    }

    private void flushSinks() {
        eachSink(Sink::flush);
    }

    private void idleSinks() {
        eachSink(Sink::idle);
    }

    /** One call on a sink. */
    private interface SinkCall {
        void on(Sink sink) throws IOException;
    }

    /** Calls every sink; what one throws is reported and never reaches the others or the exporter. */
    private void eachSink(SinkCall call) {
        for (Sink sink : sinks) {
            try {
                call.on(sink);
            } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
                report(sink, e);
            }
        }
    }

    private void report(Sink sink, Throwable e) {
        String line = "ratri: " + sink.name() + " failed: " + e;
        synchronized (problems) {
            if (problems.size() < 20 && !problems.contains(line)) {
                problems.add(line);
                System.err.println(line);
            }
        }
    }

    /**
     * Drains what is queued and closes the sinks, waiting at most {@code timeoutMillis}; called
     * from the shutdown hook. Returns true when everything queued was written.
     */
    public boolean stop(long timeoutMillis) {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                return false;
            }
        }
        eachSink(Sink::close);
        return true;
    }

    void recordInto(SessionRecordings sessionRecordings) {
        this.recordings = sessionRecordings;
    }

    /** How many events it has taken from the queue and handed to the sinks and recordings. */
    long drained() {
        return drained;
    }

    /** Drains now rather than at the end of its idle pause. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public long exported() {
        return exported;
    }

    public List<Sink> sinks() {
        return List.of(sinks);
    }
}
