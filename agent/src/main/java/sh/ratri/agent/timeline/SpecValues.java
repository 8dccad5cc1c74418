package sh.ratri.agent.timeline;

/**
 * What a started or handoff event says about its call, as its {@link CallSiteSpec} hands it over:
 * one method per kind of spec, naming every member. A member added to an annotation is added here,
 * so the compiler lists every writer of events that must write it.
 */
public interface SpecValues {

    void session(String kind, String inputSummary, Pairs metadata);

    void handoff(String reason, Pairs payloadSummary);

    /** {@code stepIndex} as the session resolved it. */
    void run(String stepKey, String stepName, int stepIndex, String role);

    /** {@code stepIndex} as the session resolved it. */
    void step(String stepKey, String stepName, int stepIndex);

    /**
     * {@code resourceType} and {@code resourceExternalId} are null when the tool names no resource;
     * {@code inputSummary} is null when its arguments were not recorded.
     */
    void tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
              String resourceExternalId, String inputSummary);

    /** {@code model} is null when the request named none; {@code inputSummary} without {@code capture.io}. */
    void llm(String provider, String model, String inputSummary);
}
