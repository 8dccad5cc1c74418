package sh.ratri.agent.timeline;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call sites woven so far, indexed by the id that woven code carries as a constant: the hot
 * path is one volatile read and an array index. Registration happens at weave time only.
 *
 * <p>A call site registered for a class loader is released once that loader has been collected:
 * its classes, the only code that carried its ids, are gone with it, so the slot is reused by a
 * later registration. Applications that redeploy or generate classes keep as many call sites as
 * they have live class definitions.
 */
public final class CallSites {

    private volatile CallSite[] sites = new CallSite[256];
    private int size;
    private int[] free = new int[16];
    private int freeCount;
    private int live;
    private final ConcurrentHashMap<String, DeclaredMethod> declarations = new ConcurrentHashMap<>();

    /** The ids registered for each live loader, to find its slots on the next registration. */
    private final Map<ClassLoader, LoaderSlots> byLoader = new WeakHashMap<>();
    /** Keeps each {@link LoaderSlots} reachable until its loader's collection has been seen. */
    private final Set<LoaderSlots> tracked = new HashSet<>();
    private final ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();

    /** Registers a call site that lives as long as the JVM, and returns its id. */
    public synchronized int register(CallSite site) {
        return store(site);
    }

    /**
     * Registers a call site of a class that {@code loader} defines, and returns the id to weave
     * into the method; the slot is freed after {@code loader} is collected. A null loader (the
     * bootstrap loader) is never collected.
     */
    public synchronized int register(CallSite site, ClassLoader loader) {
        releaseCollectedLoaders();
        int id = store(site);
        if (loader != null) {
            LoaderSlots slots = byLoader.get(loader);
            if (slots == null) {
                slots = new LoaderSlots(loader, collected);
                byLoader.put(loader, slots);
                tracked.add(slots);
            }
            slots.add(id);
        }
        return id;
    }

    /** The one instance for the declaration named {@code key} ({@code Type#method(descriptor)}), at weave time. */
    public DeclaredMethod declaredMethod(String key) {
        return declarations.computeIfAbsent(key, DeclaredMethod::new);
    }

    public CallSite get(int id) {
        CallSite[] current = sites;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** How many call sites are registered and not yet released. */
    public synchronized int size() {
        releaseCollectedLoaders();
        return live;
    }

    private int store(CallSite site) {
        CallSite[] current = sites;
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            id = size++;
            if (id == current.length) {
                current = Arrays.copyOf(current, current.length * 2);
            }
        }
        current[id] = site;
        sites = current; // the volatile write publishes the site to the threads that will read it
        live++;
        return id;
    }

    private void releaseCollectedLoaders() {
        for (Object gone = collected.poll(); gone != null; gone = collected.poll()) {
            LoaderSlots slots = (LoaderSlots) gone;
            tracked.remove(slots);
            CallSite[] current = sites;
            for (int i = 0; i < slots.count; i++) {
                int id = slots.ids[i];
                current[id] = null;
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, free.length * 2);
                }
                free[freeCount++] = id;
                live--;
            }
            sites = current;
        }
    }

    /** The ids woven into the classes of one loader; enqueued when the loader is collected. */
    private static final class LoaderSlots extends WeakReference<ClassLoader> {
        private int[] ids = new int[4];
        private int count;

        LoaderSlots(ClassLoader loader, ReferenceQueue<ClassLoader> queue) {
            super(loader, queue);
        }

        void add(int id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
            }
            ids[count++] = id;
        }
    }
}
