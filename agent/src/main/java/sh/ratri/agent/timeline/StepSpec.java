package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @WorkflowStep} says about a method. */
public final class StepSpec extends CallSiteSpec {

    private final int stepIndex;

    /** {@code stepIndex} -1 means the next index in the session. */
    public StepSpec(Template stepKey, Template stepName, int stepIndex) {
        super(new Templates(List.of(stepKey, stepName)));
        this.stepIndex = stepIndex;
    }

    int stepIndex() {
        return stepIndex;
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        to.step(values[0], values[1], event.stepIndex());
    }
}
