package sh.ratri.frameworks.springai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Spring AI application with no Ratri code but one annotated run: its chat models, ChatClient
 * calls and Spring AI tools are recognised. The chat model over the OpenAI SDK talks to a loopback
 * server answering in OpenAI's recorded shape.
 */
public final class SpringAiApp {

    private SpringAiApp() {
    }

    public static void main(String[] args) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody(read("openai-chat.json")));
            OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey("sk-test-key")
                    .baseUrl(server.url("/v1").toString()).maxRetries(0).build();
            try {
                new TripPlanner(openai).plan("Lyon");
            } finally {
                openai.close();
            }
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = SpringAiApp.class.getResourceAsStream("/replies/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
