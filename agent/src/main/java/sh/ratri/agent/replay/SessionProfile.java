package sh.ratri.agent.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code replay --diff} compares of a session, read once and kept small: how it is matched
 * (metadata {@code uniqueId}, else agent key + kind + input summary), how it ended, its model
 * tokens and cost, and how many of each run, step, handoff and tool it held, by name:
 * <ul>
 *   <li>a run by its path of step keys from the top run ({@code orchestrator › response-worker}),</li>
 *   <li>a step by its run's path and its step key ({@code orchestrator › triage-ticket}),</li>
 *   <li>a handoff by its route ({@code orchestrator → response-worker}),</li>
 *   <li>a tool by its name, with its highest recorded risk and how many of its calls failed.</li>
 * </ul>
 * Tokens and cost are the session's model calls' {@code inputTokens} + {@code outputTokens} and
 * {@code costUsd} ({@link LlmUsage}); null when no call recorded them.
 */
record SessionProfile(
        String sessionId,
        String uniqueId,
        String agentKey,
        String kind,
        String inputSummary,
        Map<String, String> metadata,
        Instant start,
        String status,
        Double durationMs,
        Long tokens,
        Double costUsd,
        Map<String, Integer> runs,
        Map<String, Integer> steps,
        Map<String, Integer> handoffs,
        Map<String, ToolUse> tools) {

    static final String UNIQUE_ID = "uniqueId";
    private static final String PATH_SEPARATOR = " › ";
    private static final List<String> RISKS = List.of("low", "medium", "high", "critical");

    /** The calls of one tool in a session: how many, the highest risk recorded, and the first failure. */
    record ToolUse(int calls, String maxRisk, int failures, String firstError) {
        ToolUse plus(Node.Tool call) {
            boolean failed = call.outcome().failed();
            return new ToolUse(calls + 1, higherRisk(maxRisk, call.riskLevel()), failures + (failed ? 1 : 0),
                    firstError != null || !failed ? firstError : errorOf(call.outcome()));
        }
    }

    /** The rank of a risk level (low = 0 … critical = 3), or -1 for none or an unknown one. */
    static int riskRank(String risk) {
        return risk == null ? -1 : RISKS.indexOf(risk);
    }

    private static String higherRisk(String a, String b) {
        return riskRank(b) > riskRank(a) ? b : a;
    }

    /** A readable name of the session for reports: its test, else its input summary, else its kind. */
    String title() {
        String testClass = metadata.get("testClass");
        String testMethod = metadata.get("testMethod");
        if (testClass != null && testMethod != null) {
            String simpleClass = testClass.substring(testClass.lastIndexOf('.') + 1);
            String display = inputSummary == null || inputSummary.isEmpty() ? "" : " \"" + inputSummary + "\"";
            return simpleClass + "#" + testMethod + display;
        }
        if (inputSummary != null && !inputSummary.isEmpty()) {
            return (kind == null ? "session" : kind) + " \"" + inputSummary + "\"";
        }
        return kind == null ? "session" : kind;
    }

    static SessionProfile of(SessionNode session) {
        Builder builder = new Builder();
        builder.walk(session.children(), "");
        LlmUsage llm = LlmUsage.total(session.children());
        Long tokens = llm.inputTokens() == null && llm.outputTokens() == null ? null
                : (llm.inputTokens() == null ? 0 : llm.inputTokens()) + (llm.outputTokens() == null ? 0 : llm.outputTokens());
        String kind = session.recorded() ? (session.kind() == null ? "session" : session.kind()) : null;
        return new SessionProfile(session.sessionId(), session.metadata().get(UNIQUE_ID), session.agentKey(), kind,
                session.inputSummary(), session.metadata(), session.start(), session.outcome().status(),
                session.outcome().durationMs(), tokens, llm.costUsd(),
                builder.runs, builder.steps, builder.handoffs, builder.tools);
    }

    private static final class Builder {
        // sorted, so reports list names in a stable order
        final Map<String, Integer> runs = new TreeMap<>();
        final Map<String, Integer> steps = new TreeMap<>();
        final Map<String, Integer> handoffs = new TreeMap<>();
        final Map<String, ToolUse> tools = new TreeMap<>();

        void walk(List<Node> nodes, String runPath) {
            for (Node node : nodes) {
                walk(node.children(), node.accept(new Tally(runPath)));
            }
        }

        /** Counts one entry found under {@code runPath}; returns the run path of what hangs under it. */
        private final class Tally implements Node.Visitor<String> {
            private final String runPath;

            Tally(String runPath) {
                this.runPath = runPath;
            }

            @Override
            public String run(Node.Run run) {
                String path = join(runPath, run.stepKey() == null ? "(run not recorded)" : run.stepKey());
                runs.merge(path, 1, Integer::sum);
                return path;
            }

            @Override
            public String step(Node.Step step) {
                steps.merge(join(runPath, step.stepKey() == null ? "(step not recorded)" : step.stepKey()), 1,
                        Integer::sum);
                return runPath;
            }

            @Override
            public String tool(Node.Tool tool) {
                String name = tool.name() == null ? "(tool not recorded)" : tool.name();
                tools.merge(name, new ToolUse(0, null, 0, null).plus(tool), (was, one) -> was.plus(tool));
                return runPath;
            }

            @Override
            public String llm(Node.Llm llm) {
                return runPath;
            }

            @Override
            public String handoff(Node.Handoff handoff) {
                handoffs.merge(orUnknown(handoff.sourceStepKey()) + " → " + orUnknown(handoff.targetStepKey()), 1,
                        Integer::sum);
                return runPath;
            }

            @Override
            public String handoffReceived(Node.HandoffReceived received) {
                return runPath;
            }

            @Override
            public String policy(Node.Policy policy) {
                return runPath;
            }

            @Override
            public String dropped(Node.Dropped dropped) {
                return runPath;
            }
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + PATH_SEPARATOR + key;
        }

        private static String orUnknown(String stepKey) {
            return stepKey == null ? "?" : stepKey;
        }
    }

    private static String errorOf(Outcome outcome) {
        Outcome.Error error = outcome.error();
        if (error == null) {
            return null;
        }
        String type = error.type() == null ? "error" : error.type().substring(error.type().lastIndexOf('.') + 1);
        return (type + (error.message() == null ? "" : ": " + error.message())).replaceAll("\\s+", " ");
    }
}
