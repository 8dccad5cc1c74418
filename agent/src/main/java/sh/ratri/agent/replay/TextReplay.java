package sh.ratri.agent.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders sessions as box-drawn trees, one line per entry:
 *
 * <pre>
 * session 0197…  pipeline  "Handle SUP-123"  {triggerKind=support_escalation}  agent=support-ops  completed  12.4 ms
 * └─ run orchestrator "Orchestrator" #0 (orchestrator)  completed  10.2 ms
 *    ├─ step triage-ticket "Triage ticket" #1  completed  0.3 ms
 *    ├─ handoff "Delegate reply" {ticketId=SUP-123}  orchestrator → response-worker  completed
 *    └─ run response-worker "Response worker" #2 (worker)  completed  2.1 ms
 *       ├─ handoff completed ← orchestrator
 *       └─ tool support.compose_reply  risk=low  write support.compose_reply  on work_item SUP-123  completed  0.1 ms
 * </pre>
 *
 * A model call shows its provider, model, tokens, cost and finish reason
 * ({@code llm openai gpt-4o  completed  412.0 ms  812 in (512 cached) / 96 out tokens  $0.00299  finish=stop});
 * a run and the session show the totals of every model call beneath them ({@code llm 2 calls  …}).
 *
 * A tool call the policy decided shows the decision before its status: {@code policy=allow},
 * {@code policy=block (risk-above-max) "risk critical above max high"  blocked}, {@code approved by alice (APR-7)}.
 */
final class TextReplay implements SessionOutput {

    private static final String GAP = "  ";

    private final PrintStream out;
    private boolean first = true;

    TextReplay(PrintStream out) {
        this.out = out;
    }

    @Override
    public void session(SessionNode session, SessionEvents events) {
        if (!first) {
            out.println();
        }
        first = false;
        header(session);
    }

    @Override
    public void finish(SkipReport skipped) {
        if (!skipped.isEmpty()) {
            if (!first) {
                out.println();
            }
            out.println(skipped.describe());
        }
    }

    private void header(SessionNode session) {
        List<String> parts = new ArrayList<>();
        parts.add("session " + session.sessionId());
        if (session.recorded()) {
            parts.add(session.kind() == null ? "session" : session.kind());
            if (session.inputSummary() != null && !session.inputSummary().isEmpty()) {
                parts.add(quote(session.inputSummary()));
            }
            if (!session.metadata().isEmpty()) {
                parts.add(keyValues(session.metadata()));
            }
        } else {
            parts.add("(session.started not recorded)");
        }
        if (session.agentKey() != null) {
            parts.add("agent=" + session.agentKey());
        }
        addOutcome(parts, session.outcome());
        addLlmTotals(parts, LlmUsage.total(session.children()));
        out.println(String.join(GAP, parts));
        children(session.children(), "");
    }

    private void children(List<Node> nodes, String indent) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean last = i == nodes.size() - 1;
            Node node = nodes.get(i);
            out.println(indent + (last ? "└─ " : "├─ ") + line(node));
            children(shownUnder(node), indent + (last ? "   " : "│  "));
        }
    }

    /** A tool's own decision is shown on the tool's line, not as a line of its own. */
    private static List<Node> shownUnder(Node node) {
        return node instanceof Node.Tool tool ? tool.childrenBesideDecision() : node.children();
    }

    private static String line(Node node) {
        return String.join(GAP, node.accept(new LineParts()));
    }

    /** The parts of one entry's line, in the order they are printed. */
    private static final class LineParts implements Node.Visitor<List<String>> {
        private final List<String> parts = new ArrayList<>();

        @Override
        public List<String> run(Node.Run run) {
            if (run.recorded()) {
                parts.add("run " + run.stepKey() + " " + quote(run.stepName()) + index(run.stepIndex())
                        + (run.role() == null ? "" : " (" + run.role() + ")"));
            } else {
                parts.add("run " + run.runId() + " (run.started not recorded)");
            }
            addOutcome(parts, run.outcome());
            addLlmTotals(parts, LlmUsage.total(run.children()));
            return parts;
        }

        @Override
        public List<String> step(Node.Step step) {
            parts.add(step.recorded()
                    ? "step " + step.stepKey() + " " + quote(step.stepName()) + index(step.stepIndex())
                    : "step " + step.stepId() + " (step.started not recorded)");
            addOutcome(parts, step.outcome());
            return parts;
        }

        @Override
        public List<String> tool(Node.Tool tool) {
            if (!tool.recorded()) {
                parts.add("tool " + tool.toolCallId() + " (tool.started not recorded)");
            } else {
                parts.add("tool " + tool.name());
                if (tool.riskLevel() != null) {
                    parts.add("risk=" + tool.riskLevel());
                }
                if (tool.actionType() != null) {
                    parts.add(tool.actionType() + (tool.actionName() == null ? "" : " " + tool.actionName()));
                }
                if (tool.resourceType() != null) {
                    parts.add("on " + tool.resourceType() + (tool.resourceId() == null ? "" : " " + tool.resourceId()));
                }
            }
            tool.decision().ifPresent(decision -> addDecision(parts, decision));
            addOutcome(parts, tool.outcome());
            return parts;
        }

        @Override
        public List<String> llm(Node.Llm llm) {
            parts.add(llm.recorded() ? "llm " + llm.provider() + (llm.model() == null ? "" : " " + llm.model())
                    : "llm " + llm.llmCallId() + (llm.model() == null ? "" : " " + llm.model()) + " (llm.started not recorded)");
            if (llm.inputSummary() != null) {
                parts.add("← " + quote(llm.inputSummary()));
            }
            addOutcome(parts, llm.outcome());
            String usage = llm.usage().describe();
            if (!usage.isEmpty()) {
                parts.add(usage);
            }
            if (llm.usage().finishReason() != null) {
                parts.add("finish=" + oneLine(llm.usage().finishReason()));
            }
            return parts;
        }

        @Override
        public List<String> handoff(Node.Handoff handoff) {
            parts.add("handoff" + (handoff.reason() == null ? "" : " " + quote(handoff.reason())));
            if (!handoff.payloadSummary().isEmpty()) {
                parts.add(keyValues(handoff.payloadSummary()));
            }
            String target = handoff.targetRunId() == null ? "?" : runLabel(handoff.targetStepKey(), handoff.targetRunId());
            parts.add(runLabel(handoff.sourceStepKey(), handoff.sourceRunId()) + " → " + target);
            switch (handoff.state()) {
                case COMPLETED -> parts.add("completed");
                case PENDING -> parts.add("pending");
                case FAILED -> parts.add("failed" + (handoff.failureReason() == null ? "" : ": " + oneLine(handoff.failureReason())));
            }
            return parts;
        }

        @Override
        public List<String> handoffReceived(Node.HandoffReceived received) {
            parts.add("handoff completed ← " + runLabel(received.sourceStepKey(), received.sourceRunId()));
            return parts;
        }

        @Override
        public List<String> policy(Node.Policy policy) {
            parts.add("policy " + policy.decision());
            parts.add("rule=" + policy.rule());
            parts.add("tool=" + policy.tool());
            if (policy.reason() != null) {
                parts.add(quote(policy.reason()));
            }
            return parts;
        }

        @Override
        public List<String> dropped(Node.Dropped dropped) {
            parts.add("dropped " + dropped.count() + " event" + (dropped.count() == 1 ? "" : "s") + " (queue full)");
            return parts;
        }
    }

    /** A run's or session's model calls, all of them beneath it: {@code llm 2 calls  1200 in / 300 out tokens  $0.0123}. */
    private static void addLlmTotals(List<String> parts, LlmUsage total) {
        if (total.calls() > 0) {
            String usage = total.describe();
            parts.add("llm " + SessionList.count(total.calls(), "call") + (usage.isEmpty() ? "" : GAP + usage));
        }
    }

    /** {@code policy=flag (tool-not-declared) "reason"}, or {@code approved by alice (APR-7)}. */
    private static void addDecision(List<String> parts, Node.Policy policy) {
        if (Node.Policy.APPROVED.equals(policy.decision())) {
            parts.add("approved by " + (policy.approver() == null ? "?" : oneLine(policy.approver()))
                    + (policy.approvalId() == null ? "" : " (" + oneLine(policy.approvalId()) + ")"));
            return;
        }
        if (Node.Policy.ALLOW.equals(policy.decision())) {
            parts.add("policy=allow");
            return;
        }
        parts.add("policy=" + policy.decision() + (policy.rule() == null ? "" : " (" + oneLine(policy.rule()) + ")"));
        if (policy.reason() != null) {
            parts.add(quote(policy.reason()));
        }
    }

    private static void addOutcome(List<String> parts, Outcome outcome) {
        parts.add(outcome.status());
        if (outcome.durationMs() != null) {
            parts.add(duration(outcome.durationMs()));
        }
        if (outcome.error() != null) {
            Outcome.Error error = outcome.error();
            parts.add(oneLine((error.type() == null ? "error" : error.type())
                    + (error.message() == null ? "" : ": " + error.message())));
        }
        if (outcome.outputSummary() != null && !outcome.outputSummary().isEmpty()) {
            parts.add("→ " + quote(outcome.outputSummary()));
        }
    }

    static String duration(double ms) {
        if (ms > 0 && ms < 0.05) {
            return "<0.1 ms";
        } else if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        } else if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        long minutes = (long) (ms / 60_000);
        return String.format(Locale.ROOT, "%dm %.1f s", minutes, (ms - minutes * 60_000) / 1000);
    }

    private static String runLabel(String stepKey, String runId) {
        if (stepKey != null) {
            return stepKey;
        }
        return runId == null ? "?" : "run " + runId;
    }

    private static String index(Integer stepIndex) {
        return stepIndex == null ? "" : " #" + stepIndex;
    }

    private static String keyValues(Map<String, String> map) {
        return map.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + oneLine(entry.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String text) {
        return "\"" + oneLine(text == null ? "" : text) + "\"";
    }

    /** Summaries are String.valueOf of user values and may hold line breaks that would tear the tree. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ");
    }
}
