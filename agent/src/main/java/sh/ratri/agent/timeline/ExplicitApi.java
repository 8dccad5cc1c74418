package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sh.ratri.Ratri} does when the agent is attached: the same timeline as the
 * annotations, driven by explicit calls, one method per SDK call. Options arrive as plain strings
 * through the bridge, so the facade in the annotations jar needs no agent type.
 */
final class ExplicitApi implements Bridge.ExplicitCalls {

    private final Timeline timeline;
    private final IdSpeller spell;
    private final PolicyGate policy;
    private volatile SessionRecorder recorder = SessionRecorder.NONE;

    ExplicitApi(Timeline timeline, IdSpeller spell, PolicyGate policy) {
        this.timeline = timeline;
        this.spell = spell;
        this.policy = policy;
    }

    /** Where in-memory recordings of a session's events come from: the export. */
    void recordSessionsWith(SessionRecorder sessionRecorder) {
        this.recorder = sessionRecorder;
    }

    @Override
    public Object session(String kind, String inputSummary, String[] metadataPairs) {
        return timeline.enter(new CallSite("Ratri.withSession", new SessionSpec(constant(kind),
                constant(inputSummary), pairs(metadataPairs)), null, null, null, null, false), null);
    }

    @Override
    public Object run(String stepKey, String stepName, int stepIndex, String role) {
        return timeline.enter(new CallSite("Ratri.withRun", null, null,
                new RunSpec(constant(stepKey), constant(stepName), stepIndex, constant(role), false), null, null,
                false), null);
    }

    @Override
    public Object childRun(String stepKey, String stepName, int stepIndex, String role) {
        return timeline.enter(new CallSite("Ratri.withChildRun", null, null,
                new RunSpec(constant(stepKey), constant(stepName), stepIndex, constant(role), true), null, null,
                false), null);
    }

    @Override
    public Object workflowStep(String stepKey, String stepName, int stepIndex) {
        return timeline.enter(new CallSite("Ratri.withWorkflowStep", null, null, null,
                new StepSpec(constant(stepKey), constant(stepName), stepIndex), null, false), null);
    }

    @Override
    public Object tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                       String externalId) {
        return timeline.enter(new CallSite("Ratri.withTool", null, null, null, null,
                new ToolSpec(constant(name), riskLevel, constant(actionType), constant(actionName),
                        resourceType == null ? null : constant(resourceType),
                        resourceType == null ? null : constant(externalId)), false), null);
    }

    /**
     * Records {@code handoff.requested} from the current run; as with {@code @Handoff}, the handoff
     * waits on that run for the first child run started under it, and fails when the run ends first.
     */
    @Override
    public String handoffRequested(String reason, String[] payloadPairs) {
        ThreadState thread = timeline.thread();
        Frame top = thread.current;
        Frame sourceRun = top == null ? null : top.runFrame();
        if (sourceRun == null) {
            return null; // the SDK's handoffs always belong to a session and run
        }
        HandoffSpec spec = new HandoffSpec(constant(reason), pairs(payloadPairs));
        String[] values = spec.render(null, 0); // constant templates: nothing to cut
        long now = System.nanoTime();
        PendingHandoff handoff = new PendingHandoff(thread.ids.next(now), top.runId, spec, values);
        timeline.startDeferred(top.session);
        String threadName = thread.threadName();
        timeline.emitHandoff(top.session, thread, EventType.HANDOFF_REQUESTED, top, now, threadName, handoff);
        PendingHandoff failed = sourceRun.await(handoff);
        if (failed != null) {
            timeline.emitHandoff(top.session, thread, EventType.HANDOFF_FAILED, sourceRun, now, threadName,
                    failed);
        }
        return spell.spell(handoff.id);
    }

    /**
     * Completes a handoff still waiting on the parent run of the current child run. A child run
     * started while a handoff waits takes it at once, as with the annotations, so this is only
     * needed when the handoff was requested after the child run started.
     */
    @Override
    public boolean handoffCompleted() {
        ThreadState thread = timeline.thread();
        Frame top = thread.current;
        if (top == null || top.parentRunId == 0) {
            return false;
        }
        Frame childRun = top.runFrame();
        Frame parentRun = childRun == null || childRun.previous == null ? null : childRun.previous.runFrame();
        PendingHandoff h = parentRun == null || parentRun.runId != top.parentRunId ? null : parentRun.takeWaiting();
        if (h == null) {
            return false;
        }
        timeline.emitHandoff(top.session, thread, EventType.HANDOFF_COMPLETED, top, System.nanoTime(),
                thread.threadName(), h);
        return true;
    }

    @Override
    public String currentSessionId() {
        Frame top = timeline.thread().current;
        return top == null ? null : spelled(top.session.id);
    }

    @Override
    public String currentRunId() {
        Frame top = timeline.thread().current;
        return top == null ? null : spelled(top.runId);
    }

    private String spelled(long id) {
        return id == 0 ? null : spell.spell(id);
    }

    @Override
    public void setOutputSummary(String summary) {
        Frame owner = timeline.thread().current;
        if (owner != null) {
            owner.outputSummary = summary;
        }
    }

    @Override
    public void addAttribute(String key, String value) {
        Frame owner = timeline.thread().current;
        if (owner == null || key == null) {
            return;
        }
        if (owner.attributes == null) {
            owner.attributes = new HashMap<>();
        }
        owner.attributes.put(key, value == null ? "" : value); // the event's copy takes no nulls
    }

    @Override
    public boolean declareCapabilities(String json) {
        return policy.declare(json);
    }

    @Override
    public Object startRecording() {
        Frame top = timeline.thread().current;
        if (top == null) {
            return "no session is open on this thread";
        }
        SessionState session = top.session.enclosing != null ? top.session.enclosing : top.session;
        return recorder.start(session.id);
    }

    @Override
    public Map<String, Object> readRecording(Object recording, boolean stop) {
        return recorder.read(recording, stop);
    }

    private static Template constant(String text) {
        return Template.constant(text == null ? "" : text);
    }

    /** {@code keysAndValues}: key, value, key, value… */
    private static List<KeyValue> pairs(String[] keysAndValues) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; keysAndValues != null && i + 1 < keysAndValues.length; i += 2) {
            out.add(new KeyValue(keysAndValues[i], constant(keysAndValues[i + 1])));
        }
        return out;
    }
}
