package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * A chat model that answers from a script instead of the network: canned replies, tool-call
 * requests and token usage, chosen by the last user message and the tool results so far.
 */
public final class ScriptedChatModel implements ChatModel {

    static final String MODEL = "scripted-support-1";

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String ask = lastUserText(messages);
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m instanceof ToolExecutionResultMessage result) {
                results.add(result);
            }
        }
        if (ask.startsWith("Triage")) {
            return reply(AiMessage.from("urgent"), 52, 1, FinishReason.STOP);
        }
        String ticket = ask.contains("ORD-9") ? "ORD-9" : "SUP-123";
        if (results.isEmpty()) {
            if (ask.toLowerCase().contains("refund")) {
                return reply(AiMessage.from(call("call-1", "refund", "{\"orderId\":\"ORD-9\"}")), 61, 12,
                        FinishReason.TOOL_EXECUTION);
            }
            return reply(AiMessage.from(
                    call("call-1", "crm_lookup", "{\"ticketId\":\"" + ticket + "\"}"),
                    call("call-2", "composeReply",
                            "{\"ticketId\":\"" + ticket + "\",\"customer\":\"Acme Corp\",\"tone\":\"urgent\"}")),
                    118, 40, FinishReason.TOOL_EXECUTION);
        }
        String last = results.get(results.size() - 1).text();
        String answer = ask.toLowerCase().contains("refund") ? "Refund not possible right now: " + last : last;
        return reply(AiMessage.from(answer), 190, 24, FinishReason.STOP);
    }

    private static ToolExecutionRequest call(String id, String tool, String arguments) {
        return ToolExecutionRequest.builder().id(id).name(tool).arguments(arguments).build();
    }

    private static ChatResponse reply(AiMessage message, int inputTokens, int outputTokens, FinishReason finish) {
        return ChatResponse.builder().aiMessage(message).modelName(MODEL)
                .tokenUsage(new TokenUsage(inputTokens, outputTokens)).finishReason(finish).build();
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
