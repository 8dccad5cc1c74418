package sh.ratri.agent.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;

/**
 * A local receiver for the {@code http} sink: {@code POST /v1/events} with {@code {"events":[…]}}
 * (gzip or not), bound to 127.0.0.1 only, stored by {@link EventStore}. With an API key it requires
 * {@code Authorization: Bearer <key>}. One thread handles requests, so a batch is stored whole
 * before the next one.
 */
public final class Collector implements AutoCloseable {

    static final int MAX_BODY_BYTES = 64 << 20;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final EventStore store;
    private final byte[] expectedAuthorization;

    private Collector(HttpServer server, ExecutorService executor, EventStore store, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.expectedAuthorization = apiKey == null || apiKey.isEmpty() ? null
                : ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port) and writes into {@code dir}. */
    public static Collector start(int port, Path dir, String apiKey) throws IOException {
        String fileName = "collected-" + FILE_TIME.format(java.time.Instant.now()) + "-"
                + ProcessHandle.current().pid() + ".jsonl";
        EventStore store = new EventStore(dir, fileName);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ratri-collector");
            t.setDaemon(true);
            return t;
        });
        Collector collector = new Collector(server, executor, store, apiKey);
        server.createContext("/", collector::handle);
        server.setExecutor(executor);
        server.start();
        return collector;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/v1/events")) {
                reply(exchange, 404, "{\"error\":\"not found: POST /v1/events\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "{\"error\":\"use POST\"}");
                return;
            }
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error\":\"missing or wrong Authorization: Bearer\"}");
                return;
            }
            List<?> events;
            try {
                events = events(exchange);
            } catch (IOException e) {
                reply(exchange, 400, "{\"error\":\"body is not {\\\"events\\\":[…]}\"}");
                return;
            }
            EventStore.Stored stored = store.store(events);
            reply(exchange, 200, "{\"accepted\":" + stored.accepted() + ",\"duplicates\":" + stored.duplicates() + "}");
        }
    }

    private boolean authorized(String header) {
        if (expectedAuthorization == null) {
            return true;
        }
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expectedAuthorization);
    }

    private static List<?> events(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("body too large");
        }
        if (JsonReader.read(bytes, 0, bytes.length) instanceof JsonObject request && request.get("events") instanceof List<?> events) {
            return events;
        }
        throw new IOException("no events array");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Path file() {
        return store.file();
    }

    /** Distinct events in the directory, loaded and received. */
    public int eventCount() {
        return store.size();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        store.close();
    }
}
