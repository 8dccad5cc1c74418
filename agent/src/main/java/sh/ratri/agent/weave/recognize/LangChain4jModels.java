package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmReader;
import sh.ratri.agent.timeline.LlmRequest;
import sh.ratri.agent.timeline.LlmResponse;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LangChain4j's chat models: {@code ChatModel.chat(ChatRequest)}, the default method that every
 * {@code chat} overload and AI service reaches and that calls the model's {@code doChat}. Woven
 * once, in the interface, it covers every implementation, LangChain4j's and the application's.
 * The provider is the model's {@code provider()} ({@code OPEN_AI} → {@code openai}), else its
 * class's simple name; tokens are the reply's {@code TokenUsage}; the prompt summary is the last
 * message's text (the user's question, or the last tool result). A {@code StreamingChatModel}'s
 * {@code chat(ChatRequest, StreamingChatResponseHandler)} is read the same, and ends when its
 * handler receives the complete reply or the error, not when the method returns.
 */
final class LangChain4jModels implements ModelCallLibrary {

    private static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
    private static final String CHAT_MODEL_FILE = CHAT_MODEL.replace('.', '/');
    private static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
    private static final String STREAMING_CHAT_MODEL_FILE = STREAMING_CHAT_MODEL.replace('.', '/');
    private static final String REPLY_HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
    private static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
    /** LangChain4j's providers as the OpenTelemetry GenAI conventions name them; others lower-cased. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "OPEN_AI", "openai",
            "AZURE_OPEN_AI", "azure.ai.openai",
            "ANTHROPIC", "anthropic",
            "GOOGLE_AI_GEMINI", "gcp.gemini",
            "GOOGLE_VERTEX_AI_GEMINI", "gcp.vertex_ai",
            "MISTRAL_AI", "mistral_ai",
            "AMAZON_BEDROCK", "aws.bedrock",
            "OLLAMA", "ollama");

    private static final LlmReader CHAT = new Reader();
    private static final LlmReader STREAMING_CHAT = new StreamingReader();

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        return internalName.equals(CHAT_MODEL_FILE) || internalName.equals(STREAMING_CHAT_MODEL_FILE);
    }

    @Override
    public LlmReader readerOf(TypeDescription type, MethodDescription method) {
        if (!method.getName().equals("chat") || method.getParameters().isEmpty()
                || !method.getParameters().get(0).getType().asErasure().getName().equals(CHAT_REQUEST)) {
            return null;
        }
        if (type.getName().equals(CHAT_MODEL) && method.getParameters().size() == 1) {
            return CHAT;
        }
        return type.getName().equals(STREAMING_CHAT_MODEL) && method.getParameters().size() == 2
                && method.getParameters().get(1).getType().asErasure().getName().equals(REPLY_HANDLER)
                ? STREAMING_CHAT : null;
    }

    /** What a {@code ChatResponse} says: its model, {@code TokenUsage}, finish reason and text. */
    static LlmResponse response(Object reply) {
        String finish = Reflect.text(reply, "finishReason");
        return new LlmResponse(Reflect.text(reply, "modelName"),
                Reflect.count(reply, "tokenUsage", "inputTokenCount"),
                Reflect.count(reply, "tokenUsage", "outputTokenCount"), LlmResponse.UNKNOWN,
                LlmResponse.UNKNOWN, finish == null ? null : finish.toLowerCase(Locale.ROOT),
                Reflect.path(reply, "aiMessage", "text"));
    }

    static String provider(Object model) {
        String provider = Reflect.text(model, "provider");
        if (provider == null || provider.equals("OTHER")) {
            String name = model.getClass().getSimpleName();
            return name.isEmpty() ? model.getClass().getName() : name;
        }
        return PROVIDERS.getOrDefault(provider, provider.toLowerCase(Locale.ROOT));
    }

    private static class Reader implements LlmReader {

        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            Object request = arguments[0];
            return new LlmRequest(provider(receiver), Reflect.text(request, "modelName"),
                    lastMessageText(Reflect.call(request, "messages")));
        }

        /** What this call adds to the conversation: its last message's text (the earlier ones were sent before). */
        private static Object lastMessageText(Object messages) {
            if (!(messages instanceof List<?> list) || list.isEmpty()) {
                return messages;
            }
            Object last = list.get(list.size() - 1);
            for (String text : new String[] {"singleText", "text"}) {
                Object value = Reflect.call(last, text);
                if (value != null) {
                    return value;
                }
            }
            return last;
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            call.end(response(returned));
            return returned;
        }
    }

    /** The streaming chat: the reply arrives through the handler, the second argument, whose stand-in ends the call. */
    private static final class StreamingReader extends Reader {

        @Override
        public Object[] arguments(LlmCall call, Object[] arguments) {
            Object handler = ReplyHandler.of(arguments[1], REPLY_HANDLER, call, "onCompleteResponse", "onError",
                    LangChain4jModels::response);
            if (handler == null) {
                return arguments;
            }
            Object[] replaced = arguments.clone();
            replaced[1] = handler;
            return replaced;
        }

        /** Reached only when no stand-in could be made: the call ends with the method, the reply unknown. */
        @Override
        public Object returned(LlmCall call, Object returned) {
            call.end(LlmResponse.NONE);
            return returned;
        }
    }
}
