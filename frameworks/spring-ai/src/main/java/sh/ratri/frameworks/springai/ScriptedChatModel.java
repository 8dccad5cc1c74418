package sh.ratri.frameworks.springai;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.util.List;

/** A chat model with canned replies and token usage, as tests of Spring AI applications script one: no network. */
final class ScriptedChatModel implements ChatModel {

    static final String MODEL = "scripted-1";

    @Override
    public ChatResponse call(Prompt prompt) {
        if (prompt.getContents().contains("fail")) {
            throw new IllegalStateException("the scripted model has no reply to that");
        }
        return response(MODEL, "Take the train to Lyon.", "STOP", new DefaultUsage(100, 20));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.just(response(MODEL, "Sunny ", null, null), response(MODEL, "all week.", null, null),
                response(MODEL, "", "STOP", new DefaultUsage(40, 6)));
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return ChatOptions.builder().model(MODEL).build();
    }

    static ChatResponse response(String model, String text, String finishReason, DefaultUsage usage) {
        ChatGenerationMetadata.Builder generation = ChatGenerationMetadata.builder();
        if (finishReason != null) {
            generation.finishReason(finishReason);
        }
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().model(model);
        if (usage != null) {
            metadata.usage(usage);
        }
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text), generation.build())),
                metadata.build());
    }
}
