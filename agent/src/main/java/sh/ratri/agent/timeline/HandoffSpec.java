package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @Handoff} says about a method: the reason and the payload summary pairs. */
public final class HandoffSpec extends CallSiteSpec {

    /** The last payload summary handed out: see {@link Pairs#of}. Racy by design: a {@link Pairs} is immutable. */
    private Pairs lastPayloadSummary = Pairs.NONE;

    public HandoffSpec(Template reason, List<KeyValue> payloadSummary) {
        super(Templates.withPairs(List.of(reason), payloadSummary));
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        Pairs pairs = Pairs.of(values, 1, lastPayloadSummary);
        lastPayloadSummary = pairs;
        to.handoff(values[0], pairs);
    }
}
