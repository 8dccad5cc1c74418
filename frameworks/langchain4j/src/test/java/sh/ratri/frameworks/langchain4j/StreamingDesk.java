package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Tool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run that asks a streaming chat model, then, while the reply is still arriving, calls a tool,
 * lets the model finish and waits for the reply. {@code fail} asks a question the model fails.
 * Prints the reply's parts and its end (the text, or the error) as the application saw them.
 */
public class StreamingDesk {

    @Tool(name = "ticket.queue")
    public String queueTicket(String ticketId) {
        return ticketId + " queued";
    }

    @Run(stepKey = "streaming-desk")
    public String answer(String question) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> reply = new CompletableFuture<>();
        new ScriptedStreamingChatModel(release).chat(question, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String part) {
                synchronized (seen) {
                    seen.append("part: ").append(part).append('\n');
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                reply.complete("complete: " + response.aiMessage().text());
            }

            @Override
            public void onError(Throwable error) {
                reply.complete("error: " + error.getMessage());
            }
        });
        queueTicket("SUP-123");
        release.countDown();
        String end = reply.get(10, TimeUnit.SECONDS);
        synchronized (seen) {
            return seen + end;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(new StreamingDesk().answer(args.length > 0 && args[0].equals("fail")
                ? "Please fail this one" : "Greet the customer of SUP-123"));
    }
}
