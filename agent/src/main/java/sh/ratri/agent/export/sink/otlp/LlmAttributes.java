package sh.ratri.agent.export.sink.otlp;

import sh.ratri.agent.json.JsonObject;

/**
 * A model call's span per the OpenTelemetry GenAI conventions: {@code chat {model}} under its step,
 * run or session, with the request's model at its start and the reply's model, tokens, finish
 * reason and cost at its end.
 */
final class LlmAttributes {

    static final String OPERATION = "chat";

    private LlmAttributes() {
    }

    static void started(OpenSpan span, JsonObject a, String sessionId, String runId) {
        span.attribute("gen_ai.operation.name", OPERATION)
                .attribute("gen_ai.provider.name", a.text("provider"))
                .attribute("gen_ai.request.model", a.text("model"))
                .attribute("gen_ai.conversation.id", sessionId)
                .attribute("ratri.run.id", runId)
                .attribute("ratri.input_summary", a.text("inputSummary"));
    }

    static void ended(OpenSpan span, JsonObject a) {
        String model = a.text("model");
        if (model != null) {
            span.attribute("gen_ai.response.model", model);
            span.rename(OPERATION + " " + model);
        }
        tokens(span, "gen_ai.usage.input_tokens", a, "inputTokens");
        tokens(span, "gen_ai.usage.output_tokens", a, "outputTokens");
        tokens(span, "gen_ai.usage.cache_read.input_tokens", a, "cachedInputTokens");
        tokens(span, "gen_ai.usage.reasoning.output_tokens", a, "reasoningTokens");
        span.attribute("gen_ai.response.finish_reasons", a.text("finishReason"));
        Double cost = a.number("costUsd");
        if (cost != null) {
            span.attribute("ratri.cost_usd", cost.doubleValue());
        }
    }

    private static void tokens(OpenSpan span, String key, JsonObject a, String field) {
        if (a.number(field) != null) {
            span.attribute(key, a.longValue(field, 0));
        }
    }
}
