package sh.ratri.benchmarks.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.EventJson;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.EventOutlet;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.KeyValue;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.Template;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.timeline.ToolSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The support-ops pipeline (session → run → step → handoff → child run → tool) driven through the
 * real {@link Timeline} with the call sites the weaver would read from the example's annotations:
 * 6 traced calls and 12 events per iteration, for the export benchmarks.
 */
final class SupportOpsPipeline {

    static final int CALLS = 6;
    static final int EVENTS = 12;
    private static final String REPLY = "Draft for SUP-123: Hello Acme Corp, We are on it right now.";

    private final Timeline timeline;
    private final int session;
    private final int run;
    private final int step;
    private final int handoff;
    private final int child;
    private final int tool;

    SupportOpsPipeline(EventOutlet outlet, DroppedEvents dropped) {
        CallSites sites = new CallSites();
        session = sites.register(new CallSite("SupportOpsPipeline.handle",
                new SessionSpec(c("pipeline"), c("Handle urgent enterprise support escalation"),
                        List.of(new KeyValue("triggerKind", c("support_escalation")))),
                null, null, null, null));
        run = sites.register(new CallSite("Orchestrator.orchestrate", null, null,
                new RunSpec(c("orchestrator"), c("Orchestrator"), 0, c("orchestrator"), false), null, null));
        step = sites.register(new CallSite("Orchestrator.triageTicket", null, null, null,
                new StepSpec(c("triage-ticket"), c("Triage ticket"), 1), null));
        handoff = sites.register(new CallSite("Orchestrator.delegate", null,
                new HandoffSpec(c("Delegate customer response draft"),
                        List.of(new KeyValue("ticketId", c("SUP-123")),
                                new KeyValue("priority", c("urgent")))),
                null, null, null));
        child = sites.register(new CallSite("ResponseWorker.draftResponse", null, null,
                new RunSpec(c("response-worker"), c("Response worker"), 2, c("worker"), true), null, null));
        tool = sites.register(new CallSite("SupportTools.composeReply", null, null, null, null,
                new ToolSpec(c("support.compose_reply"), "low", c("write"), c("support.compose_reply"),
                        c("work_item"), c("SUP-123"))));
        timeline = new Timeline(sites, outlet, dropped, new Ids(System.nanoTime()), true, 512);
    }

    /** The writer the agent would make for the support-ops example, with the default redaction keys. */
    static EventJson json() {
        return EventJson.startingNow(
                AgentConfig.from("agent.key=support-ops-orchestrator", new Properties(), Map.of()));
    }

    /** {@code iterations} of the pipeline, recorded: 12 events each. */
    static Event[] events(int iterations) {
        List<Event> out = new ArrayList<>();
        SupportOpsPipeline pipeline = new SupportOpsPipeline(e -> out.add(e.copy()), new DroppedEvents());
        for (int i = 0; i < iterations; i++) {
            pipeline.iteration();
        }
        return out.toArray(new Event[0]);
    }

    void iteration() {
        Object s = timeline.enter(session, null);
        Object r = timeline.enter(run, null);
        timeline.exit(timeline.enter(step, null), "urgent", null);
        Object h = timeline.enter(handoff, null);
        Object c = timeline.enter(child, null);
        timeline.exit(timeline.enter(tool, null), REPLY, null);
        timeline.exit(c, REPLY, null);
        timeline.exit(h, REPLY, null);
        timeline.exit(r, REPLY, null);
        timeline.exit(s, REPLY, null);
    }

    private static Template c(String text) {
        return Template.constant(text);
    }
}
