package sh.ratri.agent.timeline;

/**
 * A model call about to be made, as a recognised library states it.
 *
 * @param provider who serves the model ({@code openai}, {@code anthropic}, …)
 * @param model    the model the request asks for; null when it names none
 * @param prompt   what was sent, summarised only with {@code capture.io}; may be null
 */
public record LlmRequest(String provider, String model, Object prompt) {
}
