package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmReader;
import sh.ratri.agent.timeline.LlmReplyParts;
import sh.ratri.agent.timeline.LlmRequest;
import sh.ratri.agent.timeline.LlmResponse;

/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}): messages, blocking and streamed,
 * through the blocking client. Anthropic counts cache reads and writes apart from
 * {@code input_tokens}; {@code inputTokens} adds them back, so it counts every prompt token
 * (DESIGN §7), and {@code cachedInputTokens} is the cache reads.
 */
final class Anthropic implements ModelCallLibrary {

    static final String KEY = "anthropic";
    private static final String PROVIDER = "anthropic";
    private static final String MESSAGES = "com/anthropic/services/blocking/MessageServiceImpl";
    private static final String STREAM_RESPONSE = "com.anthropic.core.http.StreamResponse";

    private static final LlmReader MESSAGE = new Reader(false);
    private static final LlmReader MESSAGE_STREAMED = new Reader(true);

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        return internalName.equals(MESSAGES);
    }

    @Override
    public LlmReader readerOf(TypeDescription type, MethodDescription method) {
        if (method.getParameters().size() != 2) {
            return null;
        }
        return switch (method.getName()) {
            case "create" -> MESSAGE;
            case "createStreaming" -> MESSAGE_STREAMED;
            default -> null;
        };
    }

    private record Reader(boolean streamed) implements LlmReader {

        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            Object params = arguments[0];
            return new LlmRequest(PROVIDER, Reflect.text(params, "model"), Reflect.call(params, "messages"));
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            if (streamed) {
                return StreamedReply.of(StreamedReply.interfaceNamed(returned, STREAM_RESPONSE), returned, call,
                        new MessageEvents());
            }
            Usage usage = Usage.of(Reflect.call(returned, "usage"));
            call.end(new LlmResponse(Reflect.text(returned, "model"), usage.input, usage.output, usage.cacheRead,
                    usage.thinking, Reflect.text(returned, "stopReason"),
                    Reflect.path(Reflect.first(returned, "content"), "text", "text")));
            return returned;
        }
    }

    /** {@code usage} of a message, or the cumulative one of a {@code message_delta}. */
    private record Usage(long input, long output, long cacheRead, long thinking) {

        static final Usage NONE = new Usage(-1, -1, -1, -1);

        static Usage of(Object usage) {
            if (usage == null) {
                return NONE;
            }
            long input = Reflect.count(usage, "inputTokens");
            long cacheRead = Reflect.count(usage, "cacheReadInputTokens");
            long cacheWrite = Reflect.count(usage, "cacheCreationInputTokens");
            long prompt = input < 0 ? -1 : input + Math.max(0, cacheRead) + Math.max(0, cacheWrite);
            return new Usage(prompt, Reflect.count(usage, "outputTokens"), cacheRead,
                    Reflect.count(usage, "outputTokensDetails", "thinkingTokens"));
        }

        /** A later count where it has one (a delta's usage repeats or updates the start's). */
        Usage then(Usage later) {
            return new Usage(later.input >= 0 ? later.input : input, later.output >= 0 ? later.output : output,
                    later.cacheRead >= 0 ? later.cacheRead : cacheRead, later.thinking >= 0 ? later.thinking : thinking);
        }
    }

    /** message_start (model, prompt tokens), content deltas (text), message_delta (stop reason, output tokens). */
    private static final class MessageEvents implements LlmReplyParts {
        private String model;
        private String stopReason;
        private Usage usage = Usage.NONE;
        private final ReplyText text = new ReplyText();

        @Override
        public void add(Object event) {
            Object started = Reflect.path(event, "messageStart", "message");
            if (started != null) {
                model = Reflect.text(started, "model");
                usage = usage.then(Usage.of(Reflect.call(started, "usage")));
            }
            text.append(Reflect.path(event, "contentBlockDelta", "delta", "text", "text"));
            Object delta = Reflect.call(event, "messageDelta");
            if (delta != null) {
                String reason = Reflect.text(delta, "delta", "stopReason");
                stopReason = reason != null ? reason : stopReason;
                usage = usage.then(Usage.of(Reflect.call(delta, "usage")));
            }
        }

        @Override
        public LlmResponse response() {
            return new LlmResponse(model, usage.input, usage.output, usage.cacheRead, usage.thinking, stopReason,
                    text.text());
        }
    }
}
