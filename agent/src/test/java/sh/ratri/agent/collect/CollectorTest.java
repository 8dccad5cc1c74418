package sh.ratri.agent.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
}
