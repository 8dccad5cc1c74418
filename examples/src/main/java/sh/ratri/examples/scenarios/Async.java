package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Methods that return futures: their items end when the future completes, fails or is cancelled. */
public class Async {

    private static final Executor LATER = CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS);

    @Session(kind = "async")
    public String run() throws Exception {
        CompletableFuture<String> ok = orchestrator();
        String value = ok.get(10, TimeUnit.SECONDS);
        CompletableFuture<String> failing = failingTool();
        try {
            failing.get(10, TimeUnit.SECONDS);
        } catch (Exception expected) {
            value += " / failed";
        }
        CompletableFuture<String> cancelled = slowTool();
        cancelled.cancel(true);
        return value + " / cancelled=" + cancelled.isCancelled();
    }

    @Run(stepKey = "async-orchestrator")
    public CompletableFuture<String> orchestrator() {
        return worker().toCompletableFuture().thenCompose(w -> CompletableFuture.supplyAsync(() -> w + "+done", LATER));
    }

    @ChildRun(stepKey = "async-worker")
    public CompletionStage<String> worker() {
        return CompletableFuture.supplyAsync(() -> "worked", LATER);
    }

    @Tool(name = "async.failing")
    public CompletableFuture<String> failingTool() {
        return CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("no such customer");
        }, LATER);
    }

    @Tool(name = "async.slow")
    public CompletableFuture<String> slowTool() {
        return new CompletableFuture<>();
    }
}
