package sh.ratri.agent.export.upload;

import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import sh.ratri.agent.config.RedactedUrl;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Its own daemon thread that sends spooled batches, oldest first and one at a time so a
 * session's events arrive in order, and deletes each once the backend took it. Failures worth
 * retrying leave the batch on disk and wait per {@link RetryPolicy}; a refusal drops the batch
 * with one line. Nothing here runs on an application thread or on the exporter thread.
 */
public final class Uploader implements Runnable {

    /**
     * How long exit waits for the spool to empty: setting up OkHttp alone can take a second or two on
     * a busy machine, and what is not sent by then waits on disk for the next start.
     */
    public static final long EXIT_SEND_MILLIS = 5_000;

    private static final MediaType JSON = MediaType.get("application/json");

    private final String name;
    private final SpoolDirectory spool;
    private final String url;
    /** The url as messages show it: a password in it never reaches a line. */
    private final String shownUrl;
    private final Headers headers;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Consumer<String> problems;
    private final Object lock = new Object();
    private final AtomicLong deliveredEvents = new AtomicLong();
    private final AtomicLong rejectedEvents = new AtomicLong();
    private final Set<Integer> reportedStatuses = new HashSet<>();
    private volatile boolean stopping;
    private volatile long notBefore;
    private volatile Call current;
    private Thread thread;

    /**
     * @param apiKey sent as {@code Authorization: Bearer}; kept only inside the request headers, never
     *               in a message
     */
    public Uploader(String name, SpoolDirectory spool, String url, String apiKey, String userAgent,
                    RetryPolicy retry, Duration timeout, Consumer<String> problems) {
        this.name = name;
        this.spool = spool;
        this.url = url;
        this.shownUrl = RedactedUrl.of(url);
        Headers.Builder h = new Headers.Builder().add("Content-Encoding", "gzip").add("User-Agent", userAgent);
        if (apiKey != null && !apiKey.isEmpty()) {
            h.add("Authorization", "Bearer " + apiKey);
        }
        this.headers = h.build();
        this.retry = retry;
        this.timeout = timeout;
        this.problems = problems;
    }

    /** Starts the thread once; later calls only wake it. */
    public void wake() {
        synchronized (lock) {
            if (thread == null && !stopping) {
                thread = new Thread(this, "ratri-uploader-" + name);
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (url.regionMatches(true, 0, "http:", 0, 5)) {
            // without a TLS spec OkHttp skips loading the system trust store, which takes a second or more
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        OkHttpClient client = builder
                .connectTimeout(Duration.ofMillis(Math.min(timeout.toMillis(), 5_000)))
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .retryOnConnectionFailure(false)
                .build();
        int failures = 0;
        try {
            while (!stopping) {
                long wait = notBefore - System.currentTimeMillis();
                SpoolDirectory.Entry entry = wait > 0 ? null : spool.take();
                if (entry == null) {
                    pause(wait > 0 ? wait : 1_000);
                    continue;
                }
                Attempt attempt = send(client, entry);
                switch (attempt.verdict()) {
                    case DELIVERED -> {
                        deliveredEvents.addAndGet(entry.events());
                        spool.done(entry);
                        failures = 0;
                    }
                    case REJECTED -> {
                        // reported and counted before the batch leaves the spool: close() waits for an
                        // empty spool, so the exit summary never misses this batch or its error line
                        refused(attempt.status(), attempt.reason(), entry.events());
                        rejectedEvents.addAndGet(entry.events());
                        spool.done(entry);
                        failures = 0;
                    }
                    case RETRY -> {
                        spool.release(entry);
                        failures++;
                        notBefore = System.currentTimeMillis()
                                + retry.delayMillis(failures, attempt.retryAfter(), Instant.now());
                    }
                }
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private record Attempt(RetryPolicy.Verdict verdict, int status, String reason, String retryAfter) {
    }

    private Attempt send(OkHttpClient client, SpoolDirectory.Entry entry) {
        byte[] body;
        try {
            body = spool.read(entry);
        } catch (IOException e) {
            // gone (another JVM sent it) or unreadable: nothing left to send for it
            return new Attempt(RetryPolicy.Verdict.DELIVERED, 0, "", null);
        }
        Request request = new Request.Builder().url(url).headers(headers).post(RequestBody.create(body, JSON)).build();
        Call call = client.newCall(request);
        current = call;
        try (Response response = call.execute()) {
            return new Attempt(RetryPolicy.verdict(response.code()), response.code(), response.message(),
                    response.header("Retry-After"));
        } catch (IOException | RuntimeException e) {
            return new Attempt(RetryPolicy.Verdict.RETRY, 0, "", null);
        } finally {
            current = null;
        }
    }

    private void refused(int status, String reason, int events) {
        if (!reportedStatuses.add(status)) {
            return;
        }
        String hint = status == 401 || status == 403 ? " (check api.key)" : "";
        problems.accept("ratri: " + name + " sink: POST " + shownUrl + " answered " + status
                + (reason.isEmpty() ? "" : " " + reason) + hint + "; dropped a batch of " + events
                + " events (later refusals with this status are counted, not printed)");
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (!stopping) {
                try {
                    lock.wait(Math.max(1, millis));
                } catch (InterruptedException e) {
                    stopping = true;
                }
            }
        }
    }

    /**
     * At exit: gives the thread up to {@code waitMillis} to empty the spool (less when the backend
     * asked to be left alone for longer: those batches stay on disk for the next start), then stops
     * it. An unfinished send is cancelled; its batch stays spooled.
     */
    public void close(long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        boolean running;
        synchronized (lock) {
            running = thread != null;
        }
        while (running && !spool.isEmpty() && System.currentTimeMillis() < deadline && notBefore < deadline) {
            synchronized (lock) {
                lock.notifyAll();
                try {
                    lock.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        Call call = current;
        if (call != null) {
            call.cancel();
        }
    }

    public long deliveredEvents() {
        return deliveredEvents.get();
    }

    public long rejectedEvents() {
        return rejectedEvents.get();
    }

    /** The url with any user information redacted, for messages. */
    public String shownUrl() {
        return shownUrl;
    }
}
