package sh.ratri.agent.timeline;

/**
 * What a model call's reply says. Token counts are {@link #UNKNOWN} when the reply has none.
 *
 * @param model             the model the reply names; null when it names none (the request's is kept)
 * @param inputTokens       every prompt token, cached ones included
 * @param cachedInputTokens the part of {@code inputTokens} read from a cache
 * @param output            what came back, summarised only with {@code capture.io}; may be null
 */
public record LlmResponse(String model, long inputTokens, long outputTokens, long cachedInputTokens,
                          long reasoningTokens, String finishReason, Object output) {

    public static final long UNKNOWN = -1;

    /** A reply that said nothing the timeline records. */
    public static final LlmResponse NONE = new LlmResponse(null, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, null, null);
}
