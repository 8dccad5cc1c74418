package sh.ratri.agent.collect;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ratri-agent.jar collect [--port N] [--dir DIR] [--api-key KEY]}: runs a
 * {@link Collector} until the process is stopped, so the {@code http} sink can be tried end to end
 * with no account. The key may also come from {@code RATRI_API_KEY}.
 */
public final class Collect {

    public static final int DEFAULT_PORT = 4319;
    static final String USAGE = "usage: collect [--port N] [--dir DIR] [--api-key KEY]";

    private Collect() {
    }

    /** Options as given on the command line. */
    record Options(int port, Path dir, String apiKey) {

        /** Null (after one line on {@code err}) when the arguments are wrong. */
        static Options parse(List<String> args, String environmentKey, PrintStream err) {
            int port = DEFAULT_PORT;
            Path dir = Path.of("ratri-events");
            String apiKey = environmentKey;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (i + 1 >= args.size() || !List.of("--port", "--dir", "--api-key").contains(arg)) {
                    err.println("ratri: collect: unexpected '" + arg + "'; " + USAGE);
                    return null;
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            port = -1;
                        }
                        if (port < 0 || port > 65_535) {
                            err.println("ratri: collect: --port must be a number from 0 to 65535, not '" + value + "'");
                            return null;
                        }
                    }
                    case "--dir" -> dir = Path.of(value);
                    default -> apiKey = value;
                }
            }
            return new Options(port, dir, apiKey);
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, System.getenv("RATRI_API_KEY"), err);
        if (options == null) {
            return 2;
        }
        Collector collector;
        try {
            collector = Collector.start(options.port(), options.dir(), options.apiKey());
        } catch (IOException e) {
            err.println("ratri: collect: cannot listen on 127.0.0.1:" + options.port() + " or write to "
                    + options.dir() + ": " + e.getMessage());
            return 1;
        }
        out.println("ratri: collecting on http://127.0.0.1:" + collector.port() + "/v1/events"
                + (options.apiKey() == null || options.apiKey().isEmpty() ? "" : " (Bearer key required)")
                + ", writing to " + collector.file() + " (" + collector.eventCount() + " events already there)"
                + " — send with -javaagent:ratri-agent.jar=exporter=http,endpoint=http://127.0.0.1:"
                + collector.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                collector.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }, "ratri-collector-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
