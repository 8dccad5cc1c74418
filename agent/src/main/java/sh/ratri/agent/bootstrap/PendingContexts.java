package sh.ratri.agent.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contexts waiting for an object's own code to run: a fork/join task between {@code fork()} and its
 * {@code exec()}, a {@code Thread} subclass between {@code start()} and its first traced call. Such an
 * object runs itself, with no wrapper to carry the context, and JDK classes loaded before the agent
 * cannot gain a field to hold it; so it waits here, keyed by the object's identity and held weakly,
 * and is taken (removed) when the object starts running. Bounded: past {@link #MAX_WAITING} waiting,
 * a hand-over keeps no context (its work opens an implicit session, as untraced work does).
 */
final class PendingContexts {

    static final int MAX_WAITING = 1 << 16;

    private static final ConcurrentHashMap<Key, Object> WAITING = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private PendingContexts() {
    }

    static void put(Object owner, Object context) {
        expungeCollected();
        if (WAITING.size() >= MAX_WAITING) {
            return;
        }
        WAITING.put(new Key(owner, COLLECTED), context);
    }

    /** The context waiting for {@code owner}, removed; null when there is none. */
    static Object take(Object owner) {
        if (WAITING.isEmpty()) {
            return null;
        }
        return WAITING.remove(new Key(owner, null));
    }

    /** Forgets what waits for {@code owner}: it was handed over again with no context. */
    static void forget(Object owner) {
        take(owner);
    }

    /** Objects that were collected before they ran (a task never executed, a thread never traced). */
    private static void expungeCollected() {
        Object collected;
        while ((collected = COLLECTED.poll()) != null) {
            WAITING.remove(collected);
        }
    }

    /** Identity of a weakly held object; stays equal to itself after the object is collected. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object owner, ReferenceQueue<Object> queue) {
            super(owner, queue);
            this.hash = System.identityHashCode(owner);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key)) {
                return false;
            }
            Object owner = get();
            return owner != null && owner == ((Key) other).get();
        }
    }
}
