package sh.ratri.benchmarks.workload;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that takes every record of every {@link FloorRing} handed to it: it spins while
 * batches keep coming and, once they stop, takes the records short of a batch and parks, since a
 * consumer that spins on forever would bill a whole core to the calls and keep the process from going
 * quiet, which {@link Workload} waits for before it reads the process's CPU time. The calls never wake
 * it (an unpark would cost them more than a record): the ring holds more records than the calls write
 * while it is parked.
 */
final class FloorConsumer implements Runnable {

    /** Empty polls before parking: tens of microseconds, longer than a pause between two records. */
    private static final int SPINS = 1_000;
    private static final long PARK_NANOS = 1_000_000;

    private volatile FloorRing[] rings = new FloorRing[0];

    static FloorConsumer started() {
        FloorConsumer consumer = new FloorConsumer();
        Thread thread = new Thread(consumer, "floor-consumer");
        thread.setDaemon(true);
        thread.start();
        return consumer;
    }

    synchronized void add(FloorRing ring) {
        FloorRing[] more = Arrays.copyOf(rings, rings.length + 1);
        more[more.length - 1] = ring;
        rings = more;
    }

    @Override
    public void run() {
        int idle = 0;
        while (true) {
            FloorRing[] current = rings;
            int taken = 0;
            for (FloorRing ring : current) {
                taken += ring.takeBatches();
            }
            if (taken > 0) {
                idle = 0;
            } else if (++idle < SPINS) {
                Thread.onSpinWait();
            } else {
                for (FloorRing ring : current) {
                    ring.takeRest();
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }
}
