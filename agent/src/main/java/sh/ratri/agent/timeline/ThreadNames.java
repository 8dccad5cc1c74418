package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The {@code thread} events carry: the thread's name, or for a thread without one (virtual threads
 * have none by default) a stable readable stand-in, {@code virtual-<id>} or {@code thread-<id>}.
 */
final class ThreadNames {

    /** {@code Thread.isVirtual()}, JDK 21+; null before. */
    private static final MethodHandle IS_VIRTUAL = isVirtual();

    private ThreadNames() {
    }

    static String of(Thread thread) {
        String name = thread.getName();
        return name.isEmpty() ? unnamed(thread) : name;
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, this agent runs on 17
    static String unnamed(Thread thread) {
        return (virtual(thread) ? "virtual-" : "thread-") + thread.getId();
    }

    private static boolean virtual(Thread thread) {
        try {
            return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
