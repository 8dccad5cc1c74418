package sh.ratri.agent.replay;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import sh.ratri.agent.json.JsonObject;

/**
 * Model calls' tokens and cost: one call's as its {@code llm.ended} recorded them, or the totals of
 * several (a run's, a session's). A count no call recorded is null; {@code costUsd} sums the calls
 * that were priced, and {@code unpriced} counts those that were not.
 */
record LlmUsage(int calls, Long inputTokens, Long outputTokens, Long cachedInputTokens, Long reasoningTokens,
                String finishReason, Double costUsd, int unpriced) {

    static final LlmUsage NONE = new LlmUsage(0, null, null, null, null, null, null, 0);

    static LlmUsage fromEnded(RecordedEvent ended) {
        JsonObject a = ended.attributes();
        Double cost = a.number("costUsd");
        return new LlmUsage(1, tokens(a, "inputTokens"), tokens(a, "outputTokens"), tokens(a, "cachedInputTokens"),
                tokens(a, "reasoningTokens"), a.text("finishReason"), cost, cost == null ? 1 : 0);
    }

    /** A call whose end was not recorded: counted, with nothing known. */
    static final LlmUsage UNRECORDED = new LlmUsage(1, null, null, null, null, null, null, 1);

    private static Long tokens(JsonObject a, String field) {
        return a.number(field) == null ? null : a.longValue(field, 0);
    }

    /** The totals of every model call in {@code nodes} and beneath them. */
    static LlmUsage total(List<Node> nodes) {
        return Node.depthFirst(nodes).filter(Node.Llm.class::isInstance).map(node -> ((Node.Llm) node).usage())
                .reduce(NONE, LlmUsage::plus);
    }

    LlmUsage plus(LlmUsage other) {
        return new LlmUsage(calls + other.calls, sum(inputTokens, other.inputTokens),
                sum(outputTokens, other.outputTokens), sum(cachedInputTokens, other.cachedInputTokens),
                sum(reasoningTokens, other.reasoningTokens), null,
                costUsd == null ? other.costUsd : other.costUsd == null ? costUsd : Double.valueOf(costUsd + other.costUsd),
                unpriced + other.unpriced);
    }

    private static Long sum(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a + b;
    }

    /** {@code 812 in (512 cached) / 96 out tokens  $0.00299}: what a line shows; empty when nothing is known. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (inputTokens != null || outputTokens != null) {
            text.append(inputTokens == null ? "?" : inputTokens).append(" in");
            if (cachedInputTokens != null && cachedInputTokens > 0) {
                text.append(" (").append(cachedInputTokens).append(" cached)");
            }
            text.append(" / ").append(outputTokens == null ? "?" : outputTokens).append(" out tokens");
        }
        if (costUsd != null) {
            text.append(text.length() == 0 ? "" : "  ").append(usd(costUsd))
                    .append(unpriced > 0 ? " (+" + unpriced + " unpriced)" : "");
        }
        return text.toString();
    }

    /** {@code $0.00299}: dollars to four significant digits, and never in scientific notation. */
    static String usd(double cost) {
        if (cost == 0) {
            return "$0";
        }
        BigDecimal rounded = new BigDecimal(cost).round(new MathContext(4, RoundingMode.HALF_UP));
        return "$" + rounded.stripTrailingZeros().toPlainString();
    }

}
