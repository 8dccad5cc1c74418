package sh.ratri.examples.extremes;

import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/**
 * A tool throws an exception whose {@code getMessage()} blocks for 20 s when the agent's exporter
 * thread calls it (and answers at once on any other thread); then 1,000 more tools are traced.
 */
public class BlockingMessage {

    static final class StallingException extends RuntimeException {
        @Override
        public String getMessage() {
            if (Thread.currentThread().getName().startsWith("ratri")) {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "quota exceeded";
        }
    }

    @Session(kind = "stalling-message")
    public int run() {
        try {
            fail();
        } catch (StallingException expected) {
            // the application handles it
        }
        int sum = 0;
        for (int i = 0; i < 1_000; i++) {
            sum += work(i);
        }
        return sum;
    }

    @Tool(name = "quota.check")
    public void fail() {
        throw new StallingException();
    }

    @Tool(name = "work")
    public int work(int i) {
        return i;
    }

    public static void main(String[] args) {
        System.out.println("sum " + new BlockingMessage().run());
    }
}
