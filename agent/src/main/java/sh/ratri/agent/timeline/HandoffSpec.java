package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @Handoff} says about a method: the reason and the payload summary pairs. */
public final class HandoffSpec extends CallSiteSpec {

    public HandoffSpec(Template reason, List<KeyValue> payloadSummary) {
        super(Templates.withPairs(List.of(reason), payloadSummary));
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        to.handoff(values[0], KeyValue.pairs(values, 1));
    }
}
