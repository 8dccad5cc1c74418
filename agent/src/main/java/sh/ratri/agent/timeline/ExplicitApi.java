package sh.ratri.agent.timeline;

import sh.ratri.agent.schema.EventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * What {@code sh.ratri.Ratri} does when the agent is attached: the same timeline as the
 * annotations, driven by explicit calls. Options arrive as plain strings through the bridge, so
 * the facade in the annotations jar needs no agent type.
 */
final class ExplicitApi {

    static final int SESSION = 0;
    static final int RUN = 1;
    static final int CHILD_RUN = 2;
    static final int STEP = 3;
    static final int TOOL = 4;

    static final int CURRENT_SESSION = 0;
    static final int CURRENT_RUN = 1;

    private final Timeline timeline;
    private final IdSpeller spell;

    ExplicitApi(Timeline timeline, IdSpeller spell) {
        this.timeline = timeline;
        this.spell = spell;
    }

    /**
     * {@code values} by kind: session {kind, inputSummary, key, value…}; run and child run {stepKey,
     * stepName, role}; step {stepKey, stepName}; tool {name, riskLevel, actionType, actionName,
     * resourceType or null, externalId}.
     */
    Object enter(int kind, String[] values, int stepIndex) {
        CallSite site = switch (kind) {
            case SESSION -> new CallSite("Ratri.withSession", new SessionSpec(constant(values[0]),
                    constant(values[1]), pairs(values, 2)), null, null, null, null, false);
            case RUN, CHILD_RUN -> new CallSite(kind == RUN ? "Ratri.withRun" : "Ratri.withChildRun", null, null,
                    new RunSpec(constant(values[0]), constant(values[1]), stepIndex, constant(values[2]),
                            kind == CHILD_RUN), null, null, false);
            case STEP -> new CallSite("Ratri.withWorkflowStep", null, null, null,
                    new StepSpec(constant(values[0]), constant(values[1]), stepIndex), null, false);
            case TOOL -> new CallSite("Ratri.withTool", null, null, null, null,
                    new ToolSpec(constant(values[0]), values[1], constant(values[2]), constant(values[3]),
                            values[4] == null ? null : constant(values[4]),
                            values[4] == null ? null : constant(values[5])), false);
            default -> throw new IllegalArgumentException("kind " + kind);
        };
        return timeline.enter(site, null);
    }

    /**
     * Records {@code handoff.requested} from the current run; as with {@code @Handoff}, the handoff
     * waits on that run for the first child run started under it, and fails when the run ends first.
     */
    String handoffRequested(String reason, String[] payloadPairs) {
        ThreadState thread = timeline.thread();
        Frame top = thread.current;
        Frame sourceRun = top == null ? null : top.runFrame();
        if (sourceRun == null) {
            return null; // the SDK's handoffs always belong to a session and run
        }
        HandoffSpec spec = new HandoffSpec(constant(reason), pairs(payloadPairs, 0));
        String[] values = spec.render(null, 0); // constant templates: nothing to cut
        long now = System.nanoTime();
        PendingHandoff handoff = new PendingHandoff(thread.ids.next(now), top.runId, spec, values);
        timeline.startDeferred(top.session);
        String threadName = thread.threadName();
        timeline.emit(top.session, thread.event.writeHandoff(EventType.HANDOFF_REQUESTED, top, now, threadName, handoff));
        PendingHandoff failed = sourceRun.await(handoff);
        if (failed != null) {
            timeline.emit(top.session, thread.event.writeHandoff(EventType.HANDOFF_FAILED, sourceRun, now, threadName,
                    failed));
        }
        return spell.spell(handoff.id);
    }

    /**
     * Completes a handoff still waiting on the parent run of the current child run. A child run
     * started while a handoff waits takes it at once, as with the annotations, so this is only
     * needed when the handoff was requested after the child run started.
     */
    boolean handoffCompleted() {
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
        timeline.emit(top.session, thread.event.writeHandoff(EventType.HANDOFF_COMPLETED, top, System.nanoTime(),
                thread.threadName(), h));
        return true;
    }

    String currentId(int which) {
        Frame top = timeline.thread().current;
        if (top == null) {
            return null;
        }
        long id = which == CURRENT_SESSION ? top.session.id : top.runId;
        return id == 0 ? null : spell.spell(id);
    }

    /** {@code key} null sets the output summary of the innermost open item; else adds an attribute to it. */
    void note(String key, String value) {
        Frame owner = timeline.thread().current;
        if (owner == null) {
            return;
        }
        if (key == null) {
            owner.outputSummary = value;
        } else {
            if (owner.attributes == null) {
                owner.attributes = new HashMap<>();
            }
            owner.attributes.put(key, value == null ? "" : value); // the event's copy takes no nulls
        }
    }

    private static Template constant(String text) {
        return Template.constant(text == null ? "" : text);
    }

    private static List<KeyValue> pairs(String[] values, int from) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = from; values != null && i + 1 < values.length; i += 2) {
            out.add(new KeyValue(values[i], constant(values[i + 1])));
        }
        return out;
    }
}
