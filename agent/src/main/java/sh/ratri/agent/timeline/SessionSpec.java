package sh.ratri.agent.timeline;

import java.util.List;

/** What {@code @Session} says about a method: kind, input summary and metadata pairs. */
public final class SessionSpec extends CallSiteSpec {

    /** The session opened for a run, step or tool entered with no session. */
    public static final SessionSpec IMPLICIT = new SessionSpec(Template.constant("implicit"),
            Template.constant(""), List.of());

    /** The last metadata handed out: see {@link Pairs#of}. Racy by design: a {@link Pairs} is immutable. */
    private Pairs lastMetadata = Pairs.NONE;

    public SessionSpec(Template kind, Template inputSummary, List<KeyValue> metadata) {
        super(Templates.withPairs(List.of(kind, inputSummary), metadata));
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        Pairs pairs = Pairs.of(values, 2, lastMetadata);
        lastMetadata = pairs;
        to.session(values[0], values[1], pairs);
    }
}
