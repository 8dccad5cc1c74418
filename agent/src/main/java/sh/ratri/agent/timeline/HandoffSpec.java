package sh.ratri.agent.timeline;

import java.util.List;
import java.util.Map;

/** What {@code @Handoff} says about a method: the reason and the payload summary pairs. */
public final class HandoffSpec {

    private final Templates values;

    public HandoffSpec(Template reason, List<SessionSpec.KeyValue> payloadSummary) {
        this.values = Templates.withPairs(List.of(reason), payloadSummary);
    }

    String[] render(Object[] arguments, int maxChars) {
        return values.render(arguments, maxChars);
    }

    boolean needsArguments() {
        return !values.isConstant();
    }

    public static String reason(String[] values) {
        return values[0];
    }

    public static Map<String, String> payloadSummary(String[] values) {
        return SessionSpec.KeyValue.pairs(values, 1);
    }
}
