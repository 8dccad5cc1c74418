package sh.ratri.frameworks.rxjava;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An RxJava 3 application: one session per scheduler, in which the orchestrator run hands child runs
 * to that scheduler; then untraced work on the same schedulers, which must not inherit a context.
 */
public class RxApp {

    /** The sessions, with the child runs each one hands over. */
    public static final List<String> CASES = List.of("io", "computation", "single", "new-thread", "from-executor",
            "interval");

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    public static void main(String[] args) {
        RxApp app = new RxApp();
        for (String how : CASES) {
            app.session(how);
        }
        for (Scheduler scheduler : List.of(Schedulers.io(), Schedulers.computation(), Schedulers.single())) {
            Single.fromCallable(() -> app.untraced(scheduler.toString())).subscribeOn(scheduler).blockingGet();
        }
        app.executor.shutdown();
        System.out.println("rx done");
    }

    @Session(kind = "{how}")
    public void session(String how) {
        orchestrator(how);
    }

    @Run(stepKey = "orchestrator")
    public void orchestrator(String how) {
        switch (how) {
            case "io" -> Single.fromCallable(() -> worker(how)).subscribeOn(Schedulers.io()).blockingGet();
            case "computation" -> Observable.just(1, 2).observeOn(Schedulers.computation())
                    .map(i -> worker(how)).blockingLast();
            case "single" -> Completable.fromRunnable(() -> worker(how)).subscribeOn(Schedulers.single())
                    .blockingAwait();
            case "new-thread" -> Single.fromCallable(() -> worker(how)).subscribeOn(Schedulers.newThread())
                    .blockingGet();
            case "from-executor" -> Single.fromCallable(() -> worker(how)).subscribeOn(Schedulers.from(executor))
                    .blockingGet();
            case "interval" -> Observable.interval(5, TimeUnit.MILLISECONDS, Schedulers.computation()).take(3)
                    .map(i -> worker(how)).blockingLast();
            default -> throw new IllegalArgumentException(how);
        }
    }

    @ChildRun(stepKey = "worker")
    public String worker(String how) {
        return tool(how);
    }

    @Tool(name = "rx.tool")
    public String tool(String how) {
        return how + " on " + Thread.currentThread().getName();
    }

    @Tool(name = "rx.untraced")
    public String untraced(String where) {
        return where;
    }
}
