package sh.ratri.frameworks.openai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;

import java.io.IOException;

/** One run that talks to both providers, each way their SDKs offer. */
final class Assistant {

    private final ProviderApp.Replies replies;
    private final OpenAIClient openai;
    private final AnthropicClient anthropic;

    Assistant(ProviderApp.Replies replies, OpenAIClient openai, AnthropicClient anthropic) {
        this.replies = replies;
        this.openai = openai;
        this.anthropic = anthropic;
    }

    @Session(kind = "chat", inputSummary = "{0}")
    @Run(stepKey = "assistant", stepName = "Assistant")
    void answer(String question) throws IOException {
        replies.json("openai-chat.json");
        System.out.println("chat: " + chat(openai, "gpt-4o", question));

        replies.events("openai-chat-stream.sse");
        System.out.println("chat streamed: " + chatStreamed(question));

        replies.json("openai-response.json");
        Response response = openai.responses().create(ResponseCreateParams.builder().model(ChatModel.GPT_4_1)
                .input("What is the capital of France?").build());
        System.out.println("response: " + response.id());

        replies.events("openai-response-stream.sse");
        System.out.println("response streamed: " + responseStreamed());

        replies.json("anthropic-message.json");
        Message message = anthropic.messages().create(message("claude-sonnet-4-20250514", "Bonjour"));
        System.out.println("message: " + message.content().get(0).text().orElseThrow().text());

        replies.events("anthropic-message-stream.sse");
        System.out.println("message streamed: " + messageStreamed());

        replies.serverError("openai-error.json");
        try {
            chat(openai, "gpt-4o", "Fail please");
        } catch (RuntimeException e) {
            System.out.println("chat failed: " + e.getClass().getSimpleName());
        }

        replies.serverError("anthropic-error.json");
        try (StreamResponse<RawMessageStreamEvent> stream =
                     anthropic.messages().createStreaming(message("claude-3-5-haiku-20241022", "Fail please"))) {
            stream.stream().count();
        } catch (RuntimeException e) {
            System.out.println("message streamed failed: " + e.getClass().getSimpleName());
        }
    }

    static String chat(OpenAIClient openai, String model, String question) {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.of(model)).addUserMessage(question).build());
        return completion.choices().get(0).message().content().orElse("");
    }

    private String chatStreamed(String question) {
        StringBuilder text = new StringBuilder();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage(question)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                     openai.chat().completions().createStreaming(params)) {
            stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .forEach(choice -> choice.delta().content().ifPresent(text::append));
        }
        return text.toString();
    }

    private String responseStreamed() {
        StringBuilder text = new StringBuilder();
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(
                ResponseCreateParams.builder().model(ChatModel.GPT_4_1).input("And of Italy?").build())) {
            stream.stream().forEach(event -> event.outputTextDelta().ifPresent(delta -> text.append(delta.delta())));
        }
        return text.toString();
    }

    private String messageStreamed() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream =
                     anthropic.messages().createStreaming(message("claude-3-5-haiku-20241022", "Hello"))) {
            stream.stream().forEach(event -> event.contentBlockDelta()
                    .flatMap(delta -> delta.delta().text()).ifPresent(delta -> text.append(delta.text())));
        }
        return text.toString();
    }

    private static MessageCreateParams message(String model, String text) {
        return MessageCreateParams.builder().model(Model.of(model)).maxTokens(256).addUserMessage(text).build();
    }
}
