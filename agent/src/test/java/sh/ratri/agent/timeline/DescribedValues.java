package sh.ratri.agent.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an event's spec hands to a writer, member by member, by the names {@link SpecValues} gives them. */
public final class DescribedValues implements SpecValues {

    private final Map<String, Object> members = new LinkedHashMap<>();

    public static Map<String, Object> of(Event event) {
        DescribedValues described = new DescribedValues();
        event.spec().describe(event, described);
        return described.members;
    }

    /** The pairs as the map they stand for: each key once, at its first place, with its last value. */
    public static Map<String, String> map(Pairs pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int place = 0; place < pairs.places(); place++) {
            if (!pairs.repeatsAnEarlierKey(place)) {
                map.put(pairs.key(place), pairs.value(place));
            }
        }
        return map;
    }

    @Override
    public void session(String kind, String inputSummary, Pairs metadata) {
        members.put("kind", kind);
        members.put("inputSummary", inputSummary);
        members.put("metadata", map(metadata));
    }

    @Override
    public void handoff(String reason, Pairs payloadSummary) {
        members.put("reason", reason);
        members.put("payloadSummary", map(payloadSummary));
    }

    @Override
    public void run(String stepKey, String stepName, int stepIndex, String role) {
        members.put("stepKey", stepKey);
        members.put("stepName", stepName);
        members.put("stepIndex", stepIndex);
        members.put("role", role);
    }

    @Override
    public void step(String stepKey, String stepName, int stepIndex) {
        members.put("stepKey", stepKey);
        members.put("stepName", stepName);
        members.put("stepIndex", stepIndex);
    }

    @Override
    public void tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                     String resourceExternalId, String inputSummary) {
        members.put("name", name);
        members.put("riskLevel", riskLevel);
        members.put("actionType", actionType);
        members.put("actionName", actionName);
        members.put("resourceType", resourceType);
        members.put("resourceExternalId", resourceExternalId);
        members.put("inputSummary", inputSummary);
    }

    @Override
    public void llm(String provider, String model, String inputSummary) {
        members.put("provider", provider);
        members.put("model", model);
        members.put("inputSummary", inputSummary);
    }
}
