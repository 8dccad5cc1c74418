package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One session per way of handing work to another thread; in each, the orchestrator run hands a
 * child run (which calls a tool) to that mechanism, once or several times. Virtual threads, the
 * JDK 25 {@code ForkJoinPool.schedule} and the {@code StructuredTaskScope} preview are reached
 * through method handles and reflection so the class still compiles for Java 17.
 */
public class Threads {

    public static final List<String> ON_JDK_17 = List.of("executor-execute", "executor-submit", "executor-invokeAll",
            "completable-default", "completable-executor", "forkjoin-submit", "new-thread",
            "scheduled-execute", "scheduled-submit", "scheduled-schedule-runnable", "scheduled-schedule-callable",
            "scheduled-fixed-rate", "scheduled-fixed-delay", "single-scheduled-submit", "single-scheduled-schedule",
            "forkjoin-fork", "forkjoin-invokeAll", "forkjoin-pool-invoke", "forkjoin-common-fork", "parallel-stream",
            "thread-subclass");
    public static final List<String> ON_JDK_21 = List.of("virtual-thread", "virtual-executor");
    /** {@code structured-scope} needs {@code --enable-preview}: StructuredTaskScope is a preview API on JDK 25. */
    public static final List<String> ON_JDK_25 = List.of("forkjoin-schedule", "structured-scope");
    private static final int PERIODIC_RUNS = 3;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ForkJoinPool forkJoin = new ForkJoinPool(2);
    private final ScheduledExecutorService scheduled = Executors.newScheduledThreadPool(2);
    private final ScheduledExecutorService singleScheduled = Executors.newSingleThreadScheduledExecutor();

    public void runAll(int jdk) throws Throwable {
        List<String> cases = new ArrayList<>(ON_JDK_17);
        if (jdk >= 21) {
            cases.addAll(ON_JDK_21);
        }
        if (jdk >= 25) {
            cases.addAll(ON_JDK_25);
        }
        for (String how : cases) {
            session(how);
        }
        // these threads ran traced tasks above: an untraced task must not inherit their context
        pool.submit(() -> untracedTool("after-pool")).get();
        scheduled.submit(() -> untracedTool("after-scheduled")).get();
        scheduled.schedule(() -> untracedTool("after-scheduled-delay"), 1, TimeUnit.MILLISECONDS).get();
        singleScheduled.submit(() -> untracedTool("after-single-scheduled")).get();
        awaitInPool(forkJoin, new Untraced("after-forkjoin"));
        Untraced onCommonPool = new Untraced("after-common-pool");
        onCommonPool.fork();
        awaitDone(onCommonPool);
        Thread subclass = new Thread("untraced-subclass") {
            @Override
            public void run() {
                untracedTool("after-thread-subclass");
            }
        };
        subclass.start();
        subclass.join();
        for (ExecutorService executor : List.of(pool, forkJoin, scheduled, singleScheduled)) {
            executor.shutdown();
        }
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
            case "scheduled-execute" -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                scheduled.execute(() -> {
                    worker(how);
                    done.complete(null);
                });
                done.get(10, TimeUnit.SECONDS);
            }
            case "scheduled-submit" -> scheduled.submit(callable).get();
            case "scheduled-schedule-runnable" -> scheduled.schedule(task, 1, TimeUnit.MILLISECONDS).get();
            case "scheduled-schedule-callable" -> scheduled.schedule(callable, 1, TimeUnit.MILLISECONDS).get();
            case "scheduled-fixed-rate" -> periodically(how, true);
            case "scheduled-fixed-delay" -> periodically(how, false);
            case "single-scheduled-submit" -> singleScheduled.submit(callable).get();
            case "single-scheduled-schedule" -> singleScheduled.schedule(callable, 1, TimeUnit.MILLISECONDS).get();
            case "forkjoin-fork" -> awaitInPool(forkJoin, new Split(how, 4, false));
            case "forkjoin-invokeAll" -> awaitInPool(forkJoin, new Split(how, 4, true));
            case "forkjoin-pool-invoke" -> forkJoin.invoke(new Split(how, 2, false));
            case "forkjoin-common-fork" -> awaitDone(new Split(how, 2, false).fork());
            case "parallel-stream" -> IntStream.range(0, 4).parallel().forEach(i -> worker(how));
            case "thread-subclass" -> {
                Thread t = new Thread("subclass") {
                    @Override
                    public void run() {
                        worker(how);
                    }
                };
                t.start();
                t.join();
            }
            case "forkjoin-schedule" -> ((Future<?>) ForkJoinPool.class
                    .getMethod("schedule", Callable.class, long.class, TimeUnit.class)
                    .invoke(forkJoin, callable, 1L, TimeUnit.MILLISECONDS)).get();
            case "structured-scope" -> inStructuredScope(callable, 2);
            default -> throw new IllegalArgumentException(how);
        }
    }

    /** A periodic task runs {@link #PERIODIC_RUNS} child runs, each one in the orchestrator's context. */
    private void periodically(String how, boolean atFixedRate) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(PERIODIC_RUNS);
        Runnable periodic = () -> {
            if (runs.incrementAndGet() <= PERIODIC_RUNS) {
                worker(how);
                ran.countDown();
            }
        };
        ScheduledFuture<?> future = atFixedRate
                ? scheduled.scheduleAtFixedRate(periodic, 0, 5, TimeUnit.MILLISECONDS)
                : scheduled.scheduleWithFixedDelay(periodic, 0, 5, TimeUnit.MILLISECONDS);
        if (!ran.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(how + " did not run " + PERIODIC_RUNS + " times");
        }
        future.cancel(false);
    }

    /**
     * Hands {@code task} to the pool and waits without joining it: a joining thread may run the task
     * itself, and the point here is that the pool's own workers run it.
     */
    private static void awaitInPool(ForkJoinPool pool, ForkJoinTask<?> task) throws InterruptedException {
        pool.execute(task);
        awaitDone(task);
    }

    private static void awaitDone(ForkJoinTask<?> task) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!task.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(task + " did not finish");
            }
            Thread.sleep(1);
        }
        if (task.isCompletedAbnormally()) {
            throw new IllegalStateException(task.getException());
        }
    }

    /** {@code StructuredTaskScope.open()}, {@code forks} × {@code fork(task)}, {@code join()}, {@code close()}. */
    private static void inStructuredScope(Callable<String> task, int forks) throws Exception {
        Class<?> scopeType = Class.forName("java.util.concurrent.StructuredTaskScope");
        try (AutoCloseable scope = (AutoCloseable) scopeType.getMethod("open").invoke(null)) {
            for (int i = 0; i < forks; i++) {
                scopeType.getMethod("fork", Callable.class).invoke(scope, task);
            }
            scopeType.getMethod("join").invoke(scope);
        }
    }

    /** Splits itself into {@code leaves} child runs, forking (or {@code invokeAll}-ing) both halves each time. */
    private final class Split extends RecursiveTask<Integer> {
        private final String how;
        private final int leaves;
        private final boolean invokeAll;

        Split(String how, int leaves, boolean invokeAll) {
            this.how = how;
            this.leaves = leaves;
            this.invokeAll = invokeAll;
        }

        @Override
        protected Integer compute() {
            if (leaves == 1) {
                worker(how);
                return 1;
            }
            Split left = new Split(how, leaves / 2, invokeAll);
            Split right = new Split(how, leaves - leaves / 2, invokeAll);
            if (invokeAll) {
                invokeAll(left, right);
            } else {
                left.fork();
                right.fork();
            }
            return right.join() + left.join();
        }
    }

    private final class Untraced extends RecursiveAction {
        private final String where;

        Untraced(String where) {
            this.where = where;
        }

        @Override
        protected void compute() {
            untracedTool(where);
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
