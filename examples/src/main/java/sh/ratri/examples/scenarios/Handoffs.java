package sh.ratri.examples.scenarios;

import sh.ratri.Ratri;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Handoffs as the SDK records them: requested, the requesting method returns, and the next child
 * run under the same run completes the handoff, on this thread or another; a handoff nobody takes
 * fails when its run ends. Each case is its own session.
 */
public class Handoffs {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @Session(kind = "{how}")
    @Run(stepKey = "orchestrator")
    public String orchestrate(String how) throws Exception {
        return switch (how) {
            case "after-return" -> {
                requestDraft("T-1");
                yield draft("T-1");
            }
            case "other-thread" -> {
                requestDraft("T-2");
                yield pool.submit(() -> draft("T-2")).get();
            }
            case "handed-to-thread" -> delegateToPool("T-3").get();
            case "nested" -> delegateHere("T-4");
            case "unanswered" -> {
                requestDraft("T-5");
                yield triage("T-5");
            }
            case "explicit" -> {
                requestExplicitly("T-6");
                yield Ratri.withChildRun(Ratri.childRun("drafter"), () -> compose("T-6"));
            }
            case "explicit-unanswered" -> {
                requestExplicitly("T-7");
                yield triage("T-7");
            }
            default -> throw new IllegalArgumentException(how);
        };
    }

    public List<String> all() throws Exception {
        List<String> out = new ArrayList<>();
        for (String how : List.of("after-return", "other-thread", "handed-to-thread", "nested", "unanswered",
                "explicit", "explicit-unanswered")) {
            out.add(how + ": " + orchestrate(how));
        }
        pool.shutdown();
        return out;
    }

    /** Returns before any child run starts. */
    @Handoff(reason = "Draft reply for {ticketId}", payloadSummary = "ticketId={ticketId}")
    public void requestDraft(String ticketId) {
        // the request alone: the orchestrator starts the worker afterwards
    }

    /** Hands the work to a pool thread whose child run starts only after this method returned. */
    @Handoff(reason = "Draft reply for {ticketId}", payloadSummary = "ticketId={ticketId}")
    public Future<String> delegateToPool(String ticketId) {
        CountDownLatch returned = new CountDownLatch(1);
        Future<String> draft = pool.submit(() -> {
            returned.await();
            return draft(ticketId);
        });
        returned.countDown();
        return draft;
    }

    /** Nested delegation: the child run starts inside the handoff method. */
    @Handoff(reason = "Draft reply for {ticketId}", payloadSummary = "ticketId={ticketId}")
    public String delegateHere(String ticketId) {
        return draft(ticketId);
    }

    public void requestExplicitly(String ticketId) {
        Ratri.trackHandoffRequested("Draft reply for " + ticketId, Ratri.pairs("ticketId", ticketId));
    }

    @ChildRun(stepKey = "drafter")
    public String draft(String ticketId) {
        return compose(ticketId);
    }

    @Tool(name = "support.compose")
    public String compose(String ticketId) {
        return "draft for " + ticketId;
    }

    @WorkflowStep(stepKey = "triage")
    public String triage(String ticketId) {
        return "triaged " + ticketId;
    }
}
