package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @Run} or {@code @ChildRun} says about a method. */
public final class RunSpec extends CallSiteSpec {

    private final int stepIndex;
    private final boolean child;

    /** {@code stepIndex} -1 means the next index in the session. */
    public RunSpec(Template stepKey, Template stepName, int stepIndex, Template role, boolean child) {
        super(new Templates(List.of(stepKey, stepName, role)));
        this.stepIndex = stepIndex;
        this.child = child;
    }

    int stepIndex() {
        return stepIndex;
    }

    public boolean child() {
        return child;
    }

    /** The step key among the values this spec rendered. */
    static String stepKey(String[] values) {
        return values[0];
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        to.run(stepKey(values), values[1], event.stepIndex(), values[2]);
    }
}
