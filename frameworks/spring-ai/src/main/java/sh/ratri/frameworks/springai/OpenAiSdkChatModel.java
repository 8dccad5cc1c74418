package sh.ratri.frameworks.springai;

import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A Spring AI chat model over the official OpenAI SDK: one model call that passes through two
 * recognised layers, Spring AI's {@code ChatModel} and the SDK's chat completions.
 */
final class OpenAiSdkChatModel implements org.springframework.ai.chat.model.ChatModel {

    private final OpenAIClient openai;

    OpenAiSdkChatModel(OpenAIClient openai) {
        this.openai = openai;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage(prompt.getContents()).build());
        return ScriptedChatModel.response(completion.model(), completion.choices().get(0).message().content().orElse(""),
                completion.choices().get(0).finishReason().asString(),
                new DefaultUsage((int) completion.usage().orElseThrow().promptTokens(),
                        (int) completion.usage().orElseThrow().completionTokens()));
    }
}
