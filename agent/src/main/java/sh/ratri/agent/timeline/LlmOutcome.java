package sh.ratri.agent.timeline;

/**
 * What {@code llm.ended} records besides status, duration, output and error: the reply's model,
 * tokens ({@link LlmResponse#UNKNOWN} when not given) and finish reason, and the call's cost
 * ({@code NaN} when no price matched its model).
 */
public record LlmOutcome(String model, long inputTokens, long outputTokens, long cachedInputTokens,
                         long reasoningTokens, String finishReason, double costUsd) {

    static LlmOutcome of(LlmResponse response, double costUsd) {
        return new LlmOutcome(response.model(), response.inputTokens(), response.outputTokens(),
                response.cachedInputTokens(), response.reasoningTokens(), response.finishReason(), costUsd);
    }

    public boolean priced() {
        return !Double.isNaN(costUsd);
    }
}
