package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @Run} or {@code @ChildRun} says about a method. */
public final class RunSpec {

    private final Templates values;
    private final int stepIndex;
    private final boolean child;

    /** {@code stepIndex} -1 means the next index in the session. */
    public RunSpec(Template stepKey, Template stepName, int stepIndex, Template role, boolean child) {
        this.values = new Templates(List.of(stepKey, stepName, role));
        this.stepIndex = stepIndex;
        this.child = child;
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

    public boolean child() {
        return child;
    }

    public static String stepKey(String[] values) {
        return values[0];
    }

    public static String stepName(String[] values) {
        return values[1];
    }

    public static String role(String[] values) {
        return values[2];
    }
}
