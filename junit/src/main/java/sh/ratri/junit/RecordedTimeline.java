package sh.ratri.junit;

import sh.ratri.Ratri;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the current test's code recorded under the Ratri agent: its session ({@code kind: test}),
 * the sessions opened inside it, and their runs, handoffs, tool calls, policy decisions and model
 * calls. Every call reads the recording afresh, after the events emitted so far have been exported,
 * so a test may act, assert, act again and assert again.
 *
 * <pre>{@code
 * @Test
 * @RatriTimeline
 * void refusesTheDeployWithoutApproval(RecordedTimeline timeline) {
 *     assertThrows(ToolBlockedException.class, () -> gate.release("app-1.4.2.jar"));
 *     timeline.tools("deploy.*").withRisk("critical").withStatus("blocked").assertCount(1);
 *     timeline.policyDecisions().withDecision("block").withRule("approval-required").assertCount(1);
 * }
 * }</pre>
 */
public final class RecordedTimeline {

    /** Where the events come from: the agent's recording of the test's session. */
    interface Source {
        List<Map<String, Object>> events();

        long lost();
    }

    private final Source recording;

    RecordedTimeline(final Ratri.SessionRecording recording) {
        this(new Source() {
            @Override
            public List<Map<String, Object>> events() {
                return recording.events();
            }

            @Override
            public long lost() {
                return recording.lost();
            }
        });
    }

    RecordedTimeline(Source recording) {
        this.recording = recording;
    }

    /** Every event, in the order of its {@code sequence}. */
    public List<RecordedEvent> events() {
        List<RecordedEvent> events = new ArrayList<RecordedEvent>();
        for (Map<String, Object> fields : recording.events()) {
            events.add(new RecordedEvent(fields));
        }
        return events;
    }

    /** The events of one {@code type}, e.g. {@code "tool.started"}. */
    public List<RecordedEvent> events(String type) {
        List<RecordedEvent> events = new ArrayList<RecordedEvent>();
        for (RecordedEvent event : events()) {
            if (type.equals(event.type())) {
                events.add(event);
            }
        }
        return events;
    }

    /** Events of the test that the recording did not keep (it keeps the first 50,000). */
    public long lost() {
        return recording.lost();
    }

    public Sessions sessions() {
        return new Model(events()).sessions();
    }

    public Runs runs() {
        return new Model(events()).runs();
    }

    /** Runs whose {@code stepKey} is {@code stepKey}. */
    public Runs runs(String stepKey) {
        return runs().where("with stepKey " + stepKey, r -> stepKey.equals(r.stepKey()));
    }

    public Handoffs handoffs() {
        return new Model(events()).handoffs();
    }

    public ToolCalls tools() {
        return new Model(events()).tools();
    }

    /** Tool calls whose name matches {@code glob}: {@code *} is any run of characters ({@code "support.*"}). */
    public ToolCalls tools(String glob) {
        return tools().where("named " + glob, c -> Glob.matches(glob, c.name()));
    }

    public PolicyDecisions policyDecisions() {
        return new Model(events()).decisions();
    }

    /** Token totals of the recorded model calls ({@code llm.ended} {@code inputTokens}, {@code outputTokens}). */
    public Tokens tokens() {
        long input = 0;
        long output = 0;
        int calls = 0;
        for (RecordedEvent event : events("llm.ended")) {
            calls++;
            input += number(event.attribute("inputTokens"));
            output += number(event.attribute("outputTokens"));
        }
        return new Tokens(input, output, calls);
    }

    private static long number(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    /** One snapshot of the events, paired into items by their ids. */
    private static final class Model {
        private final List<RecordedEvent> events;
        private final Map<String, RecordedEvent> ended = new HashMap<String, RecordedEvent>();
        private final Map<String, String> stepKeyOfRun = new HashMap<String, String>();

        Model(List<RecordedEvent> events) {
            this.events = events;
            for (RecordedEvent e : events) {
                String type = e.type();
                if ("run.started".equals(type)) {
                    stepKeyOfRun.put(e.runId(), e.attributeText("stepKey"));
                } else if (type != null && (type.endsWith(".ended") || type.equals("handoff.completed")
                        || type.equals("handoff.failed"))) {
                    ended.put(endKey(e), e);
                }
            }
        }

        /** What pairs an ended event with its start: the id of the item it ends. */
        private static String endKey(RecordedEvent e) {
            String type = e.type();
            if (type.startsWith("session.")) {
                return "session " + e.sessionId();
            }
            if (type.startsWith("run.")) {
                return "run " + e.runId();
            }
            if (type.startsWith("tool.")) {
                return "tool " + e.toolCallId();
            }
            if (type.startsWith("handoff.")) {
                return "handoff " + e.handoffId();
            }
            return type + " " + e.eventId();
        }

        Sessions sessions() {
            List<Sessions.Session> all = new ArrayList<Sessions.Session>();
            for (RecordedEvent e : events) {
                if ("session.started".equals(e.type())) {
                    all.add(new Sessions.Session(e, ended.get("session " + e.sessionId())));
                }
            }
            return new Sessions("sessions", all, all);
        }

        Runs runs() {
            List<Runs.Run> all = new ArrayList<Runs.Run>();
            for (RecordedEvent e : events) {
                if ("run.started".equals(e.type())) {
                    String parent = e.parentRunId() == null ? null : stepKeyOfRun.get(e.parentRunId());
                    all.add(new Runs.Run(e, ended.get("run " + e.runId()), parent));
                }
            }
            return new Runs("runs", all, all);
        }

        Handoffs handoffs() {
            List<Handoffs.Handoff> all = new ArrayList<Handoffs.Handoff>();
            for (RecordedEvent e : events) {
                if ("handoff.requested".equals(e.type())) {
                    RecordedEvent end = ended.get("handoff " + e.handoffId());
                    String to = end != null && "handoff.completed".equals(end.type()) ? stepKeyOfRun.get(end.runId()) : null;
                    all.add(new Handoffs.Handoff(e, end, stepKeyOfRun.get(e.attributeText("sourceRunId")), to));
                }
            }
            return new Handoffs("handoffs", all, all);
        }

        ToolCalls tools() {
            Map<String, PolicyDecisions.Decision> decisions = new LinkedHashMap<String, PolicyDecisions.Decision>();
            for (PolicyDecisions.Decision d : decisions().list()) {
                decisions.put(d.toolCallId(), d);
            }
            List<ToolCalls.Call> all = new ArrayList<ToolCalls.Call>();
            for (RecordedEvent e : events) {
                if ("tool.started".equals(e.type())) {
                    all.add(new ToolCalls.Call(e, ended.get("tool " + e.toolCallId()), decisions.get(e.toolCallId()),
                            e.runId() == null ? null : stepKeyOfRun.get(e.runId())));
                }
            }
            return new ToolCalls("tool calls", all, all);
        }

        PolicyDecisions decisions() {
            List<PolicyDecisions.Decision> all = new ArrayList<PolicyDecisions.Decision>();
            for (RecordedEvent e : events) {
                if ("policy.decision".equals(e.type())) {
                    all.add(new PolicyDecisions.Decision(e));
                }
            }
            return new PolicyDecisions("policy decisions", all, all);
        }
    }
}
