package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmReader;
import sh.ratri.agent.timeline.LlmReplyParts;
import sh.ratri.agent.timeline.LlmRequest;
import sh.ratri.agent.timeline.LlmResponse;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}): chat completions and responses,
 * blocking and streamed, through the blocking client's services. A streamed reply ends when its
 * last chunk has been read (chat completions report tokens only with
 * {@code stream_options.include_usage}).
 */
final class OpenAi implements ModelCallLibrary {

    static final String KEY = "openai";
    private static final String PROVIDER = "openai";
    private static final String CHAT_COMPLETIONS = "com/openai/services/blocking/chat/ChatCompletionServiceImpl";
    private static final String RESPONSES = "com/openai/services/blocking/ResponseServiceImpl";
    private static final String STREAM_RESPONSE = "com.openai.core.http.StreamResponse";

    private static final LlmReader CHAT = new Reader(false, false);
    private static final LlmReader CHAT_STREAMED = new Reader(false, true);
    private static final LlmReader RESPONSE = new Reader(true, false);
    private static final LlmReader RESPONSE_STREAMED = new Reader(true, true);

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        return internalName.equals(CHAT_COMPLETIONS) || internalName.equals(RESPONSES);
    }

    @Override
    public LlmReader readerOf(TypeDescription type, MethodDescription method) {
        if (method.getParameters().size() != 2) {
            return null;
        }
        boolean responses = type.getInternalName().equals(RESPONSES);
        return switch (method.getName()) {
            case "create" -> responses ? RESPONSE : CHAT;
            case "createStreaming" -> responses ? RESPONSE_STREAMED : CHAT_STREAMED;
            default -> null;
        };
    }

    private record Reader(boolean responses, boolean streamed) implements LlmReader {

        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            Object params = arguments[0];
            return new LlmRequest(PROVIDER, Reflect.text(params, "model"),
                    Reflect.call(params, responses ? "input" : "messages"));
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            if (streamed) {
                return StreamedReply.of(StreamedReply.interfaceNamed(returned, STREAM_RESPONSE), returned, call,
                        responses ? new ResponseEvents() : new ChatChunks());
            }
            call.end(responses ? response(returned) : chatCompletion(returned));
            return returned;
        }
    }

    static LlmResponse chatCompletion(Object completion) {
        Object usage = Reflect.call(completion, "usage");
        Object choice = Reflect.first(completion, "choices");
        return new LlmResponse(Reflect.text(completion, "model"), Reflect.count(usage, "promptTokens"),
                Reflect.count(usage, "completionTokens"), Reflect.count(usage, "promptTokensDetails", "cachedTokens"),
                Reflect.count(usage, "completionTokensDetails", "reasoningTokens"), Reflect.text(choice, "finishReason"),
                Reflect.path(choice, "message", "content"));
    }

    /** A Responses API reply: its finish reason is why it stopped short when it did, else its status. */
    static LlmResponse response(Object response) {
        Object usage = Reflect.call(response, "usage");
        String incomplete = Reflect.text(response, "incompleteDetails", "reason");
        return new LlmResponse(Reflect.text(response, "model"), Reflect.count(usage, "inputTokens"),
                Reflect.count(usage, "outputTokens"), Reflect.count(usage, "inputTokensDetails", "cachedTokens"),
                Reflect.count(usage, "outputTokensDetails", "reasoningTokens"),
                incomplete != null ? incomplete : Reflect.text(response, "status"), null);
    }

    /** Chat completion chunks: the model in each, the finish reason in the last choice, the usage in a final chunk. */
    private static final class ChatChunks implements LlmReplyParts {
        private String model;
        private String finishReason;
        private LlmResponse usage = LlmResponse.NONE;
        private final ReplyText text = new ReplyText();

        @Override
        public void add(Object chunk) {
            String chunkModel = Reflect.text(chunk, "model");
            model = chunkModel != null ? chunkModel : model;
            Object choice = Reflect.first(chunk, "choices");
            text.append(Reflect.path(choice, "delta", "content"));
            String reason = Reflect.text(choice, "finishReason");
            finishReason = reason != null ? reason : finishReason;
            if (Reflect.call(chunk, "usage") != null) {
                usage = chatCompletion(chunk);
            }
        }

        @Override
        public LlmResponse response() {
            return new LlmResponse(model, usage.inputTokens(), usage.outputTokens(), usage.cachedInputTokens(),
                    usage.reasoningTokens(), finishReason, text.text());
        }
    }

    /** Responses API stream events: the final response comes whole in the completed (or incomplete, or failed) event. */
    private static final class ResponseEvents implements LlmReplyParts {
        private LlmResponse last = LlmResponse.NONE;
        private final ReplyText text = new ReplyText();

        @Override
        public void add(Object event) {
            text.append(Reflect.path(event, "outputTextDelta", "delta"));
            for (String end : new String[] {"completed", "incomplete", "failed"}) {
                Object response = Reflect.path(event, end, "response");
                if (response != null) {
                    last = OpenAi.response(response);
                }
            }
        }

        @Override
        public LlmResponse response() {
            return new LlmResponse(last.model(), last.inputTokens(), last.outputTokens(), last.cachedInputTokens(),
                    last.reasoningTokens(), last.finishReason(), text.text());
        }
    }
}
