package sh.ratri.agent.bootstrap;

/** Runs a task in the context that was current where it was submitted, then restores the thread's own. */
public final class ContextRunnable implements Runnable {

    private final Runnable task;
    private final Object context;

    ContextRunnable(Runnable task, Object context) {
        this.task = task;
        this.context = context;
    }

    @Override
    public void run() {
        Object previous = Bridge.attach(context);
        try {
            task.run();
        } finally {
            Bridge.detach(previous);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
