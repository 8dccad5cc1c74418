package sh.ratri.agent.weave;

import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.ToolSpec;

import java.util.Locale;

/**
 * One reader per Ratri annotation: its members into the spec the timeline renders per call, with
 * the defaults of DESIGN §2 applied here, once. A member added to an annotation is read here.
 */
final class SpecReaders {

    private SpecReaders() {
    }

    static SessionSpec session(AnnotationMembers session) {
        return new SessionSpec(session.template(session.string("kind", "session")),
                session.template(session.string("inputSummary", "")), session.pairs("metadata"));
    }

    static HandoffSpec handoff(AnnotationMembers handoff) {
        return new HandoffSpec(handoff.template(handoff.string("reason", "")), handoff.pairs("payloadSummary"));
    }

    /** {@code @Run}, or {@code @ChildRun} when {@code child}; {@code methodName} gives the step key and name left empty. */
    static RunSpec run(AnnotationMembers run, boolean child, String methodName) {
        return new RunSpec(run.template(stepKey(run, methodName)), run.template(stepName(run, methodName)),
                run.integer("stepIndex", -1), run.template(run.string("role", child ? "worker" : "orchestrator")),
                child);
    }

    /** {@code @WorkflowStep}; {@code methodName} gives the step key and name left empty. */
    static StepSpec step(AnnotationMembers step, String methodName) {
        return new StepSpec(step.template(stepKey(step, methodName)), step.template(stepName(step, methodName)),
                step.integer("stepIndex", -1));
    }

    /**
     * {@code @Tool}; {@code where} ({@code SimpleClassName.method}) is the name left empty,
     * {@code argumentNames} the names its arguments are recorded under (none: not recorded).
     */
    static ToolSpec tool(AnnotationMembers tool, String where, String[] argumentNames) {
        String name = orElse(tool.string("name", ""), where);
        String risk = tool.enumeration("riskLevel", "LOW").toLowerCase(Locale.ROOT);
        AnnotationMembers action = tool.annotation("action");
        AnnotationMembers resource = tool.annotation("resource");
        String actionType = action == null ? "execute" : action.string("type", "execute");
        String actionName = action == null ? "" : action.string("name", "");
        String resourceType = resource == null ? "" : resource.string("type", "");
        String externalId = resource == null ? "" : resource.string("externalId", "");
        boolean hasResource = !resourceType.isEmpty();
        return new ToolSpec(tool.template(name), risk, tool.template(actionType),
                tool.template(orElse(actionName, name)), hasResource ? tool.template(resourceType) : null,
                hasResource ? tool.template(externalId) : null, argumentNames);
    }

    private static String stepKey(AnnotationMembers a, String methodName) {
        return orElse(a.string("stepKey", ""), Names.kebab(methodName));
    }

    private static String stepName(AnnotationMembers a, String methodName) {
        return orElse(a.string("stepName", ""), Names.humanise(methodName));
    }

    /** {@code value}, or {@code empty} when it is empty: members whose default is derived from the method. */
    private static String orElse(String value, String empty) {
        return value.isEmpty() ? empty : value;
    }
}
