package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @WorkflowStep} says about a method. */
public final class StepSpec {

    private final Templates values;
    private final int stepIndex;

    public StepSpec(Template stepKey, Template stepName, int stepIndex) {
        this.values = new Templates(List.of(stepKey, stepName));
        this.stepIndex = stepIndex;
    }

    String[] render(Object[] arguments, int maxChars) {
        return values.render(arguments, maxChars);
    }

    boolean needsArguments() {
        return !values.isConstant();
    }

    int stepIndex() {
        return stepIndex;
    }

    public static String stepKey(String[] values) {
        return values[0];
    }

    public static String stepName(String[] values) {
        return values[1];
    }
}
