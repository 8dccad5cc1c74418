package sh.ratri.agent.timeline;

import java.util.List;

/**
 * What {@code llm.started} says about a recognised model call: provider, model and the prompt's
 * summary. They come from the request the framework or SDK built, not from templates.
 */
public final class LlmSpec extends CallSiteSpec {

    static final LlmSpec CHAT = new LlmSpec();

    private LlmSpec() {
        super(new Templates(List.of()));
    }

    /** {@code llm.started}'s values; {@code model} null when the request named none, {@code prompt} null without {@code capture.io}. */
    static String[] values(String provider, String model, String prompt) {
        return new String[] {provider, model, prompt};
    }

    @Override
    public void describe(Event event, SpecValues to) {
        String[] values = event.values();
        to.llm(values[0], values[1], values[2]);
    }
}
