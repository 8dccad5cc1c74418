package sh.ratri.agent.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A baseline and a current run of a small test suite, hand-made so that each kind of change
 * {@code replay --diff} reports appears once:
 * <ul>
 *   <li>{@code RefundTest#refunds} (matched by uniqueId): its step verify-refund is gone (missing-step),
 *       a tool payments.refund_partial is new (new-tool), payments.refund rose from low to critical
 *       (risk-up), orders.lookup now fails, a run fraud-check was added, tokens, cost and duration grew
 *       and the session now fails;</li>
 *   <li>the support-ops pipeline (no test id: matched by agent, kind and input): a second handoff to a
 *       new run escalation-worker, and the compose tool called twice;</li>
 *   <li>two implicit sessions with the same key on each side, paired in order of start (unchanged);</li>
 *   <li>{@code NewTest#added} only in this run, {@code OldTest#removed} only in the baseline.</li>
 * </ul>
 */
final class DiffFixtures {

    static final String BASE_START = "2026-11-24T10:00:00.000000Z";
    static final String CURRENT_START = "2026-11-25T10:00:00.000000Z";

    private DiffFixtures() {}

    static List<String> baseline() {
        List<String> lines = new ArrayList<>();
        lines.addAll(refundTest("b-refund", "2026-11-24T10:00:00.000000Z", false).lines());
        lines.addAll(TimelineFixture.supportOps("b-support", "2026-11-24T10:01:00.000000Z").lines());
        lines.addAll(implicit("b-imp-1", "2026-11-24T10:02:00.000000Z", "cache.get").lines());
        lines.addAll(implicit("b-imp-2", "2026-11-24T10:03:00.000000Z", "cache.put").lines());
        lines.addAll(test("b-removed", "2026-11-24T10:04:00.000000Z", "OldTest", "removed").lines());
        return lines;
    }

    static List<String> current() {
        List<String> lines = new ArrayList<>();
        lines.addAll(refundTest("c-refund", "2026-11-25T10:00:00.000000Z", true).lines());
        lines.addAll(supportOpsWithEscalation("c-support", "2026-11-25T10:01:00.000000Z").lines());
        lines.addAll(implicit("c-imp-1", "2026-11-25T10:02:00.000000Z", "cache.get").lines());
        lines.addAll(implicit("c-imp-2", "2026-11-25T10:03:00.000000Z", "cache.put").lines());
        lines.addAll(test("c-added", "2026-11-25T10:04:00.000000Z", "NewTest", "added").lines());
        return lines;
    }

    static Path write(Path file, List<String> lines) throws java.io.IOException {
        return TimelineFixture.write(file, lines);
    }

    static Map<String, String> testMetadata(String testClass, String method) {
        return TimelineFixture.ordered("testClass", "com.acme." + testClass, "testMethod", method,
                "uniqueId", "[engine:junit-jupiter]/[class:com.acme." + testClass + "]/[method:" + method + "()]");
    }

    private static TimelineFixture refundTest(String sessionId, String start, boolean changed) {
        TimelineFixture t = new TimelineFixture(sessionId, start)
                .sessionStarted("test", "refunds()", testMetadata("RefundTest", "refunds"))
                .runStarted("run-r", null, "refund-agent", "Refund agent", 0, "orchestrator");
        if (!changed) {
            t.stepStarted("step-v", "run-r", "verify-refund", "Verify refund", 1)
                    .stepEnded("step-v", "run-r", "completed", 0.2);
        }
        t.toolStarted("tool-lookup", "run-r", "orders.lookup", "low", "read", "order", "ORD-9");
        if (changed) {
            t.toolFailed("tool-lookup", "run-r", 0.4, "java.lang.IllegalStateException", "gateway down");
        } else {
            t.toolEnded("tool-lookup", "run-r", "completed", 0.4, null);
        }
        t.toolStarted("tool-refund", "run-r", "payments.refund", changed ? "critical" : "low", "write", "order", "ORD-9")
                .toolEnded("tool-refund", "run-r", "completed", 0.8, null);
        if (changed) {
            t.toolStarted("tool-partial", "run-r", "payments.refund_partial", "medium", "write", "order", "ORD-9")
                    .toolEnded("tool-partial", "run-r", "completed", 0.3, null)
                    .runStarted("run-fraud", "run-r", "fraud-check", "Fraud check", 2, "worker")
                    .runEnded("run-fraud", "completed", 1.0);
        }
        llmEnded(t, "run-r", changed ? 2_000 : 1_000, changed ? 600 : 200, changed ? 0.026 : 0.012);
        return t.runEnded("run-r", changed ? "failed" : "completed", 5.0)
                .sessionEnded(changed ? "failed" : "completed", changed ? 500 : 200);
    }

    /** A model call's end (DESIGN §7) with its tokens and cost, its start not recorded. */
    static TimelineFixture llmEnded(TimelineFixture t, String runId, long input, long output, double costUsd) {
        return t.llmEnded(runId + "-llm", runId, 1.0, input, 0, output, "stop", costUsd);
    }

    private static TimelineFixture supportOpsWithEscalation(String sessionId, String start) {
        return TimelineFixture.supportOpsFirstReply(sessionId, start)
                .toolStarted("tool-2", "run-worker", "support.compose_reply", "low", "write", "work_item", "SUP-123")
                .toolEnded("tool-2", "run-worker", "completed", 0.1, "Second draft")
                .runEnded("run-worker", "completed", 2.1)
                .handoffRequested("handoff-2", "run-orch", "Escalate to a human", Map.of("ticketId", "SUP-123"))
                .runStarted("run-esc", "run-orch", "escalation-worker", "Escalation worker", 3, "worker")
                .handoffCompleted("handoff-2", "run-esc", "run-orch")
                .runEnded("run-esc", "completed", 1.0)
                .runEnded("run-orch", "completed", 10.2)
                .sessionEnded("completed", 12.4);
    }

    private static TimelineFixture implicit(String sessionId, String start, String tool) {
        return new TimelineFixture(sessionId, start)
                .sessionStarted("implicit", "", Map.of())
                .toolStarted("t", null, tool, "low", "execute", null, null)
                .toolEnded("t", null, "completed", 0.1, null)
                .sessionEnded("completed", 1.0);
    }

    private static TimelineFixture test(String sessionId, String start, String testClass, String method) {
        return new TimelineFixture(sessionId, start)
                .sessionStarted("test", method + "()", testMetadata(testClass, method))
                .toolStarted("t", null, "search.web", "low", "read", null, null)
                .toolEnded("t", null, "completed", 0.1, null)
                .sessionEnded("completed", 3.0);
    }
}
