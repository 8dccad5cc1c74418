package sh.ratri.examples.parallel;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An orchestrator fans one ticket out to three worker agents that run in parallel on a thread pool,
 * each calling a tool. No context is passed by hand: the agent carries it to the pool's threads.
 */
public class ParallelWorkers {

    private final ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "worker-pool");
        t.setDaemon(true);
        return t;
    });

    @Session(kind = "pipeline", inputSummary = "Research ticket {ticketId} in parallel")
    public List<String> handle(String ticketId) throws InterruptedException, ExecutionException {
        try {
            return orchestrate(ticketId);
        } finally {
            pool.shutdown();
        }
    }

    @Run(stepKey = "orchestrator", stepName = "Orchestrator", role = "orchestrator")
    public List<String> orchestrate(String ticketId) throws InterruptedException, ExecutionException {
        List<Future<String>> drafts = new ArrayList<>();
        for (String specialty : List.of("billing", "account", "product")) {
            drafts.add(pool.submit(() -> delegate(ticketId, specialty)));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> draft : drafts) {
            results.add(draft.get());
        }
        return results;
    }

    @Handoff(reason = "Ask the {specialty} specialist", payloadSummary = {"ticketId={ticketId}", "specialty={specialty}"})
    public String delegate(String ticketId, String specialty) {
        return specialist(ticketId, specialty);
    }

    @ChildRun(stepKey = "{specialty}-worker", stepName = "{specialty} specialist", role = "worker")
    public String specialist(String ticketId, String specialty) {
        return lookup(ticketId, specialty);
    }

    @Tool(name = "kb.search", riskLevel = RiskLevel.LOW, action = @Action(type = "read"),
            resource = @Resource(type = "knowledge_base", externalId = "{specialty}"))
    public String lookup(String ticketId, String specialty) {
        return specialty + " notes for " + ticketId + " (" + Thread.currentThread().getName() + ")";
    }
}
