package sh.ratri.agent.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.collect.LoopbackHttpServer.Request;
import sh.ratri.agent.collect.LoopbackHttpServer.Response;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonWriter;

/**
 * A local receiver for the {@code http} sink: {@code POST /v1/events} with {@code {"events":[…]}}
 * (gzip or not), bound to 127.0.0.1 only, stored by {@link EventStore}. With an API key it requires
 * {@code Authorization: Bearer <key>}. Clients are served concurrently ({@link LoopbackHttpServer});
 * the store takes one batch at a time, so a batch is stored whole before the next one.
 */
public final class Collector implements AutoCloseable {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EventStore store;
    private final byte[] expectedAuthorization;
    private final int maxBodyBytes;
    private LoopbackHttpServer server;

    private Collector(EventStore store, String apiKey, int maxBodyBytes) {
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
        this.expectedAuthorization = apiKey == null || apiKey.isEmpty() ? null
                : ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port) and writes into {@code dir}. */
    public static Collector start(int port, Path dir, String apiKey) throws IOException {
        return start(port, dir, apiKey, LoopbackHttpServer.Limits.DEFAULT);
    }

    static Collector start(int port, Path dir, String apiKey, LoopbackHttpServer.Limits limits) throws IOException {
        String fileName = "collected-" + FILE_TIME.format(java.time.Instant.now()) + "-"
                + ProcessHandle.current().pid() + ".jsonl";
        Collector collector = new Collector(new EventStore(dir, fileName), apiKey, limits.maxBodyBytes());
        collector.server = LoopbackHttpServer.start(port, limits, collector::handle);
        return collector;
    }

    private Response handle(Request request) {
        if (!request.path().equals("/v1/events")) {
            return error(404, "not found: POST /v1/events");
        }
        if (!request.method().equals("POST")) {
            return new Response(405, error("use POST"), Map.of("Allow", "POST"));
        }
        if (!authorized(request.headers().get("authorization"))) {
            return new Response(401, error("missing or wrong Authorization: Bearer"),
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        List<JsonObject> events;
        try {
            events = EventsBody.events(request.body(), "gzip".equalsIgnoreCase(request.headers().get("content-encoding")),
                    maxBodyBytes);
        } catch (EventsBody.Rejected rejected) {
            return error(rejected.status, rejected.getMessage());
        }
        try {
            EventStore.Stored stored = store.store(events);
            return Response.json(200, "{\"accepted\":" + stored.accepted() + ",\"duplicates\":" + stored.duplicates() + "}");
        } catch (IOException e) {
            // a server error: the sender keeps the batch and retries
            return error(500, "cannot store: " + e);
        }
    }

    private static Response error(int status, String reason) {
        return Response.json(status, error(reason));
    }

    private static String error(String reason) {
        return JsonWriter.compact(Map.of("error", reason));
    }

    private boolean authorized(String header) {
        if (expectedAuthorization == null) {
            return true;
        }
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expectedAuthorization);
    }

    public int port() {
        return server.port();
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
        server.close();
        store.close();
    }
}
