package sh.ratri.agent.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Tight limits, so a timeout or an oversized body plays out in well under a second. */
    private static final LoopbackHttpServer.Limits TIGHT = new LoopbackHttpServer.Limits(4, 1 << 20, 300, 2_000, 300);

    private static HttpResponse<String> post(Collector c, String body, boolean gzip, String authorization)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/v1/events"));
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            bytes = out.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> lines(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted()
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        }
    }

    @Test
    void storesGzippedBatchesAndSkipsEventIdsItAlreadyHas(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            HttpResponse<String> first = post(c, "{\"events\":[{\"eventId\":\"a\",\"n\":1},{\"eventId\":\"b\"}]}", true, null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicates\":0}");
            HttpResponse<String> again = post(c, "{\"events\":[{\"eventId\":\"b\"},{\"eventId\":\"c\"}]}", false, null);
            assertThat(again.body()).isEqualTo("{\"accepted\":1,\"duplicates\":1}");
        }
        assertThat(lines(dir)).containsExactly("{\"eventId\":\"a\",\"n\":1}", "{\"eventId\":\"b\"}",
                "{\"eventId\":\"c\"}");
    }

    @Test
    void aRestartedCollectorRemembersTheIdsInItsDirectory(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            post(c, "{\"events\":[{\"eventId\":\"a\"}]}", false, null);
        }
        try (Collector c = Collector.start(0, dir, null)) {
            assertThat(c.eventCount()).isEqualTo(1);
            assertThat(post(c, "{\"events\":[{\"eventId\":\"a\"},{\"eventId\":\"z\"}]}", false, null).body())
                    .isEqualTo("{\"accepted\":1,\"duplicates\":1}");
        }
        assertThat(lines(dir)).hasSize(2);
    }

    @Test
    void withAnApiKeyTheBearerHeaderIsRequired(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, "s3cret")) {
            assertThat(post(c, "{\"events\":[]}", false, null).statusCode()).isEqualTo(401);
            assertThat(post(c, "{\"events\":[]}", false, "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(post(c, "{\"events\":[]}", false, "Bearer s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyThatIsNotAnEventsBatchIsABadRequest(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            assertThat(post(c, "[1,2]", false, null).statusCode()).isEqualTo(400);
            assertThat(post(c, "{\"events\":", false, null).statusCode()).isEqualTo(400);
        }
    }

    private static Socket stalledClient(Collector c) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), c.port());
        socket.getOutputStream().write('P'); // one byte of "POST …", then nothing
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void aClientThatSendsOneByteAndStallsHoldsUpNoOtherSender(@TempDir Path dir) throws Exception {
        // more senders than connection threads: kept-alive connections must make way for waiting ones
        try (Collector c = Collector.start(0, dir, null); Socket stalled = stalledClient(c)) {
            Thread.sleep(100); // let the stalled connection be taken first
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> senders = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] body = ("{\"events\":[{\"eventId\":\"e" + i + "\"}]}").getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/v1/events"))
                        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                // a kept-alive connection the server closed to make way may be picked for the next request
                // just as it closes: a client sends again on a new one, as OkHttp (the agent's uploader) does
                senders.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .exceptionallyCompose(staleConnection -> HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())));
            }
            for (CompletableFuture<HttpResponse<String>> sender : senders) {
                assertThat(sender.get().statusCode()).isEqualTo(200);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("20 senders next to a stalled client: all stored in " + millis + " ms");
            assertThat(millis).isLessThan(5_000);
            assertThat(c.eventCount()).isEqualTo(20);
        }
    }

    @Test
    void aStalledClientIsAnswered408AndClosed(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null, TIGHT); Socket stalled = stalledClient(c)) {
            stalled.setSoTimeout(5_000);
            long start = System.nanoTime();
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 3_000L);
        }
    }

    @Test
    void aClientTricklingBytesIsCutOffAtTheRequestDeadline(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null, TIGHT); Socket slow = new Socket(InetAddress.getLoopbackAddress(), c.port())) {
            slow.setSoTimeout(5_000);
            long start = System.nanoTime();
            OutputStream out = slow.getOutputStream();
            try {
                for (int i = 0; i < 40; i++) { // a byte every 100 ms: each read is in time, the request is not
                    out.write("POST /v1/events HTTP/1.1\r\n".charAt(i % 26));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (java.io.IOException closed) {
                // the collector gave up on us, as it should
            }
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_500L);
        }
    }

    @Test
    void anOversizedBodyIsAnswered413WhileTheClientIsStillSending(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null, TIGHT)) {
            byte[] body = new byte[3 << 20];
            java.util.Arrays.fill(body, (byte) ' ');
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + c.port() + "/v1/events")
                    .openConnection();
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            assertThat(connection.getResponseCode()).isEqualTo(413);
            try (InputStream error = connection.getErrorStream()) {
                assertThat(new String(error.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"error\":\"body over 1048576 bytes\"}");
            }
        }
    }

    @Test
    void aGzipBombIsAnswered413(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null, TIGHT)) {
            HttpResponse<String> response = post(c, "{\"events\":[{\"pad\":\"" + " ".repeat(2 << 20) + "\"}]}", true, null);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"error\":\"body over 1048576 bytes once un-gzipped\"}");
        }
    }

    @Test
    void aChunkedBodyIsRead(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            byte[] body = "{\"events\":[{\"eventId\":\"chunked\"}]}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port()
                            + "/v1/events")).POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                            new java.io.ByteArrayInputStream(body))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(c.eventCount()).isEqualTo(1);
        }
    }

    @Test
    void eventsThatAreNotObjectsAreRefusedWithTheReasonAndNothingIsStored(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            HttpResponse<String> response = post(c, "{\"events\":[{\"eventId\":\"a\"},1,\"x\",null]}", false, null);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"events[1] is not a JSON object\"}");
            assertThat(c.eventCount()).isZero();
        }
        assertThat(lines(dir)).isEmpty();
    }

    @Test
    void aNumberBeyondDoubleRangeIsRefusedNotStoredAsInfinity(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null)) {
            HttpResponse<String> response = post(c, "{\"events\":[{\"eventId\":\"a\",\"n\":{\"m\":[1e999999999]}}]}",
                    false, null);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"events[0] holds a number out of range\"}");
        }
        assertThat(lines(dir)).isEmpty();
    }

    @Test
    void headIsAnsweredWithHeadersOnly(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(0, dir, null); Socket socket = new Socket(InetAddress.getLoopbackAddress(), c.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("HEAD /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("\r\nAllow: POST\r\n")
                    .endsWith("\r\n\r\n");
        }
    }

    @Test
    void aBatchTheStoreCouldNotWriteIsTakenWhenSentAgain(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events");
        try (Collector c = Collector.start(0, events, null)) {
            Path file = c.file();
            Files.createDirectories(file); // a directory where the file should be: the first store fails
            assertThat(post(c, "{\"events\":[{\"eventId\":\"a\"}]}", false, null).statusCode()).isEqualTo(500);
            Files.delete(file);
            assertThat(post(c, "{\"events\":[{\"eventId\":\"a\"}]}", false, null).body())
                    .isEqualTo("{\"accepted\":1,\"duplicates\":0}");
        }
    }
}
