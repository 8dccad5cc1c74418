package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streaming chat model that answers from a script, as a network model does: {@code chat} returns
 * at once and the reply arrives on another thread, in parts, then whole; a question containing
 * "fail" gets an error instead. The reply completes only once {@code release} is counted down
 * (bounded wait) and then {@link #COMPLETION_DELAY_MS} more, so a caller can act in between.
 */
public final class ScriptedStreamingChatModel implements StreamingChatModel {

    public static final String MODEL = "scripted-stream-1";
    public static final long COMPLETION_DELAY_MS = 300;

    private final CountDownLatch release;

    public ScriptedStreamingChatModel(CountDownLatch release) {
        this.release = release;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        String ask = lastUserText(request.messages());
        Thread replying = new Thread(() -> {
            handler.onPartialResponse("Hello ");
            handler.onPartialResponse("Acme Corp");
            try {
                release.await(10, TimeUnit.SECONDS);
                Thread.sleep(COMPLETION_DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ask.contains("fail")) {
                handler.onError(new IllegalStateException("stream broke after 2 parts"));
                return;
            }
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hello Acme Corp"))
                    .modelName(MODEL).tokenUsage(new TokenUsage(40, 6)).finishReason(FinishReason.STOP).build());
        }, "scripted-stream");
        replying.start();
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user) {
                return user.singleText();
            }
        }
        return "";
    }
}
