package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * One session per way of handing work to another thread; in each, the orchestrator run hands a
 * child run (which calls a tool) to that mechanism. Virtual threads are reached through method
 * handles so the class still compiles for Java 17.
 */
public class Threads {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ForkJoinPool forkJoin = new ForkJoinPool(2);

    public void runAll(boolean virtualThreads) throws Throwable {
        session("executor-execute");
        session("executor-submit");
        session("executor-invokeAll");
        session("completable-default");
        session("completable-executor");
        session("forkjoin-submit");
        session("new-thread");
        if (virtualThreads) {
            session("virtual-thread");
            session("virtual-executor");
        }
        // the pool's threads ran traced tasks above: an untraced task must not inherit their context
        pool.submit(() -> untracedTool("after")).get();
        pool.shutdown();
        forkJoin.shutdown();
    }

    @Session(kind = "{how}")
    public void session(String how) throws Throwable {
        orchestrator(how);
    }

    @Run(stepKey = "orchestrator")
    public void orchestrator(String how) throws Throwable {
        Runnable task = () -> worker(how);
        Callable<String> callable = () -> worker(how);
        switch (how) {
            case "executor-execute" -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                pool.execute(() -> {
                    worker(how);
                    done.complete(null);
                });
                done.get(10, TimeUnit.SECONDS);
            }
            case "executor-submit" -> pool.submit(callable).get();
            case "executor-invokeAll" -> pool.invokeAll(List.of(callable, callable)).forEach(f -> {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            case "completable-default" -> CompletableFuture.supplyAsync(() -> worker(how)).get();
            case "completable-executor" -> CompletableFuture.runAsync(task, pool).get();
            case "forkjoin-submit" -> forkJoin.submit(callable).get();
            case "new-thread" -> {
                Thread t = new Thread(task, "hand-made");
                t.start();
                t.join();
            }
            case "virtual-thread" -> {
                Object builder = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                        MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
                Thread t = (Thread) MethodHandles.publicLookup().findVirtual(builder.getClass().getInterfaces()[0]
                        .getInterfaces()[0], "start", MethodType.methodType(Thread.class, Runnable.class))
                        .invoke(builder, task);
                t.join();
            }
            case "virtual-executor" -> {
                ExecutorService perTask = (ExecutorService) MethodHandles.publicLookup().findStatic(Executors.class,
                        "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class)).invoke();
                perTask.submit(callable).get();
                perTask.shutdown();
            }
            default -> throw new IllegalArgumentException(how);
        }
    }

    @ChildRun(stepKey = "worker")
    public String worker(String how) {
        return tool(how);
    }

    @Tool(name = "threads.tool")
    public String tool(String how) {
        return how + " on " + Thread.currentThread().getName();
    }

    @Tool(name = "threads.untraced")
    public String untracedTool(String how) {
        return how;
    }
}
