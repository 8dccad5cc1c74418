package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/**
 * A worker that handles one ticket after another, each in its own session (6 events: session, run,
 * tool, each started and ended), pausing between tickets: a long-running process for export fault
 * tests. {@code -Dloop.iterations=N} (default 20), {@code -Dloop.pauseMillis=M} (default 20).
 */
public class EventLoop {

    /** Events one {@link #ticket} call records. */
    public static final int EVENTS_PER_ITERATION = 6;

    @Session(kind = "loop", inputSummary = "Ticket {0}")
    public String ticket(int number) {
        return handle(number);
    }

    @Run(stepKey = "loop-worker", role = "worker")
    public String handle(int number) {
        return lookup("T-" + number);
    }

    @Tool(name = "tickets.lookup", action = @sh.ratri.annotations.Action(type = "read"))
    public String lookup(String ticketId) {
        return "found " + ticketId;
    }

    /** Runs the loop, printing each finished iteration and then how long the loop itself took. */
    public static void main() throws InterruptedException {
        int iterations = Integer.getInteger("loop.iterations", 20);
        long pause = Long.getLong("loop.pauseMillis", 20);
        EventLoop loop = new EventLoop();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            loop.ticket(i);
            System.out.println("iteration " + i);
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
        System.out.println("loop: " + iterations + " iterations in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
