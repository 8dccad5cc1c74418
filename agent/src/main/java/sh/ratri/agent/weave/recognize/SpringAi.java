package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmReader;
import sh.ratri.agent.timeline.LlmReplyParts;
import sh.ratri.agent.timeline.LlmRequest;
import sh.ratri.agent.timeline.LlmResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Spring AI's chat models: {@code call(Prompt)} and {@code stream(Prompt)} of every class that
 * implements {@code org.springframework.ai.chat.model.ChatModel}, Spring AI's own and the
 * application's. {@code ChatClient} calls reach a chat model on the calling thread, so they nest
 * under the run they are made in. A streamed reply ends when its Flux terminates. The provider is
 * read from the model's class ({@code OpenAiChatModel} → {@code openai}), else it is the class's
 * simple name.
 */
final class SpringAi implements ModelCallLibrary {

    static final String KEY = "spring-ai";
    private static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
    private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
    private static final byte[] CHAT_MODEL_NAME = "org/springframework/ai/chat/model/ChatModel"
            .getBytes(StandardCharsets.US_ASCII);
    /** Spring AI's model classes by their provider, as the OpenTelemetry GenAI conventions name providers. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "OpenAiChatModel", "openai",
            "AnthropicChatModel", "anthropic",
            "AzureOpenAiChatModel", "azure.ai.openai",
            "OllamaChatModel", "ollama",
            "MistralAiChatModel", "mistral_ai",
            "DeepSeekChatModel", "deepseek",
            "VertexAiGeminiChatModel", "gcp.vertex_ai",
            "GoogleGenAiChatModel", "gcp.gen_ai",
            "BedrockProxyChatModel", "aws.bedrock");

    private static final LlmReader CALL = new Reader(false);
    private static final LlmReader STREAM = new Reader(true);

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        return classFile != null && ByteSearch.contains(classFile, CHAT_MODEL_NAME);
    }

    @Override
    public boolean mayDeclare(Class<?> loaded) {
        for (Class<?> c = loaded; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(CHAT_MODEL)) {
                    return !loaded.isInterface();
                }
            }
        }
        return false;
    }

    @Override
    public LlmReader readerOf(TypeDescription type, MethodDescription method) {
        if (type.isInterface() || method.isStatic() || method.getParameters().size() != 1
                || !method.getParameters().get(0).getType().asErasure().getName().equals(PROMPT)) {
            return null;
        }
        return switch (method.getName()) {
            case "call" -> CALL;
            case "stream" -> STREAM;
            default -> null;
        };
    }

    static String provider(Object model) {
        String name = model.getClass().getSimpleName();
        return PROVIDERS.getOrDefault(name, name.isEmpty() ? model.getClass().getName() : name);
    }

    private record Reader(boolean streamed) implements LlmReader {

        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            Object prompt = arguments[0];
            String model = Reflect.text(prompt, "getOptions", "getModel");
            if (model == null) {
                model = Reflect.text(receiver, "getDefaultOptions", "getModel");
            }
            return new LlmRequest(provider(receiver), model, Reflect.call(prompt, "getContents"));
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            if (!streamed) {
                call.end(response(returned));
                return returned;
            }
            Object standIn = call.endWhenPublished(returned, new Responses());
            if (standIn == null) {
                call.end(LlmResponse.NONE);
                return returned;
            }
            return standIn;
        }
    }

    static LlmResponse response(Object chatResponse) {
        Object metadata = Reflect.call(chatResponse, "getMetadata");
        Object usage = Reflect.call(metadata, "getUsage");
        Object result = Reflect.call(chatResponse, "getResult");
        return new LlmResponse(Reflect.text(metadata, "getModel"), Reflect.count(usage, "getPromptTokens"),
                Reflect.count(usage, "getCompletionTokens"), LlmResponse.UNKNOWN, LlmResponse.UNKNOWN,
                emptyAsNull(Reflect.text(result, "getMetadata", "getFinishReason")),
                Reflect.path(result, "getOutput", "getText"));
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** A stream of ChatResponses: text in each, the model, finish reason and usage in whichever carries them. */
    private static final class Responses implements LlmReplyParts {
        private String model;
        private String finishReason;
        private long inputTokens = LlmResponse.UNKNOWN;
        private long outputTokens = LlmResponse.UNKNOWN;
        private final ReplyText text = new ReplyText();

        @Override
        public void add(Object chatResponse) {
            LlmResponse part = SpringAi.response(chatResponse);
            model = part.model() != null && !part.model().isEmpty() ? part.model() : model;
            finishReason = part.finishReason() != null ? part.finishReason() : finishReason;
            // a provider reports usage in one response or as a running total: the largest count is the call's
            inputTokens = Math.max(inputTokens, part.inputTokens());
            outputTokens = Math.max(outputTokens, part.outputTokens());
            text.append(part.output());
        }

        @Override
        public LlmResponse response() {
            return new LlmResponse(model, inputTokens, outputTokens, LlmResponse.UNKNOWN, LlmResponse.UNKNOWN,
                    finishReason, text.text());
        }
    }
}
