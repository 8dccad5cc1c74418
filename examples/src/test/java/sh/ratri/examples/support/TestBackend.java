package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;

/**
 * A scriptable receiver on 127.0.0.1 for fault tests: each request (numbered from 1) is answered as
 * {@link #answer} says — a status with headers, or no answer at all until {@link #release} — and
 * recorded with its arrival time, headers and un-gzipped body. Events count as delivered only
 * from requests answered 2xx.
 */
public final class TestBackend implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to answer one request; {@code hang} holds it unanswered until released. */
    public record Reply(int status, Map<String, String> headers, boolean hang) {
        public static final Reply OK = new Reply(200, Map.of(), false);
        public static final Reply HANG = new Reply(0, Map.of(), true);

        public static Reply status(int status) {
            return new Reply(status, Map.of(), false);
        }

        public static Reply status(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), false);
        }
    }

    /** One request as it arrived. */
    public record Received(long arrivedNanos, String path, String authorization, String contentEncoding,
                           String userAgent, JsonNode body, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger count = new AtomicInteger();
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile IntFunction<Reply> answer = n -> Reply.OK;

    private TestBackend(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Listens on a free loopback port. */
    public static TestBackend start() throws IOException {
        return new TestBackend(0);
    }

    /** Listens on {@code port}, e.g. one picked by {@link #freePort} before the backend came up. */
    public static TestBackend startOn(int port) throws IOException {
        return new TestBackend(port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public TestBackend answering(IntFunction<Reply> answer) {
        this.answer = answer;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = count.incrementAndGet();
            long arrived = System.nanoTime();
            JsonNode body = body(exchange);
            Reply reply = answer.apply(number);
            if (reply.hang()) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply = Reply.status(503);
            }
            var h = exchange.getRequestHeaders();
            synchronized (received) {
                received.add(new Received(arrived, exchange.getRequestURI().getPath(), h.getFirst("Authorization"),
                        h.getFirst("Content-Encoding"), h.getFirst("User-Agent"), body, reply.status()));
            }
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), -1);
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
    }

    /** Lets held requests go (answered 503: their senders have given up on them by now). */
    public void release() {
        released.countDown();
    }

    public List<Received> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Events of 2xx-answered {@code /v1/events} requests, in the order they arrived. */
    public List<JsonNode> deliveredEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (Received r : requests()) {
            if (r.path().equals("/v1/events") && r.status() / 100 == 2) {
                r.body().path("events").forEach(events::add);
            }
        }
        return events;
    }

    /** Waits until {@code n} distinct events were delivered, or the timeout passes. */
    public boolean awaitDistinctEvents(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (deliveredEvents().stream().map(e -> e.path("eventId").asText()).distinct().count() >= n) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
