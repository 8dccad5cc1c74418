package sh.ratri.agent.bootstrap;

/**
 * The thread's tracing context seen as a {@link ThreadLocal}, so that kotlinx-coroutines can carry
 * it with a coroutine: woven {@code newCoroutineContext} adds
 * {@code ContextLocal.INSTANCE.asContextElement(coroutineContext)}, and kotlinx calls
 * {@code set(coroutineContext)} before every stretch a coroutine runs on a thread, on any
 * dispatcher, after saving what {@link #get} returns, and {@code set(saved)} after it. A JDK type is
 * all kotlinx sees, so the agent needs no class of its own in the application's class loader.
 */
public final class ContextLocal extends ThreadLocal<Object> {

    static final ContextLocal INSTANCE = new ContextLocal();

    private ContextLocal() {
    }

    @Override
    public Object get() {
        return Bridge.coroutineThreadState();
    }

    @Override
    public void set(Object contextOrState) {
        Bridge.coroutineSwitch(contextOrState);
    }
}
