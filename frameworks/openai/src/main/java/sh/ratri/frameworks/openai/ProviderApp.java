package sh.ratri.frameworks.openai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Calls the official OpenAI and Anthropic Java SDKs as an application would, against a loopback
 * server that answers each request with a reply in the provider's recorded shape: an assistant run
 * making seven model calls (blocking and streamed, one failing), then one call outside any run.
 * Only the assistant's run carries a Ratri annotation; the model calls are recognised.
 */
public final class ProviderApp {

    private ProviderApp() {
    }

    public static void main(String[] args) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey("sk-test-key")
                    .baseUrl(server.url("/v1").toString()).maxRetries(0).build();
            AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey("sk-ant-test-key")
                    .baseUrl(server.url("/").toString()).maxRetries(0).build();
            try {
                new Assistant(new Replies(server), openai, anthropic).answer("Say hello");
                new Replies(server).json("openai-chat-outside.json");
                System.out.println("outside: " + Assistant.chat(openai, "gpt-4o-mini", "Ping"));
            } finally {
                openai.close();
                anthropic.close();
            }
        }
    }

    /** Queues the loopback server's next answer: a recorded reply from the resources. */
    record Replies(MockWebServer server) {

        void json(String name) throws IOException {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(read(name)));
        }

        void events(String name) throws IOException {
            server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(read(name)));
        }

        void serverError(String name) throws IOException {
            server.enqueue(new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
                    .setBody(read(name)));
        }

        private static String read(String name) throws IOException {
            try (InputStream in = ProviderApp.class.getResourceAsStream("/replies/" + name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
