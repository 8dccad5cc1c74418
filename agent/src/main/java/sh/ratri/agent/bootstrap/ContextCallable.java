package sh.ratri.agent.bootstrap;

import java.util.concurrent.Callable;

/** Calls a task in the context that was current where it was submitted, then restores the thread's own. */
public final class ContextCallable<V> implements Callable<V> {

    private final Callable<V> task;
    private final Object context;

    ContextCallable(Callable<V> task, Object context) {
        this.task = task;
        this.context = context;
    }

    @Override
    public V call() throws Exception {
        Object previous = Bridge.attach(context);
        try {
            return task.call();
        } finally {
            Bridge.detach(previous);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
