package sh.ratri.agent.timeline;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call sites woven so far, indexed by the id that woven code carries as a constant: the hot
 * path is one volatile read and an array index. Registration happens at weave time only.
 */
public final class CallSites {

    private volatile CallSite[] sites = new CallSite[256];
    private int size;
    private final ConcurrentHashMap<String, DeclaredMethod> declarations = new ConcurrentHashMap<>();

    /** Registers a call site and returns the id to weave into the method. */
    public synchronized int register(CallSite site) {
        CallSite[] current = sites;
        if (size == current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        current[size] = site;
        sites = current;
        return size++;
    }

    /** The one instance for the declaration named {@code key} ({@code Type#method(descriptor)}), at weave time. */
    public DeclaredMethod declaredMethod(String key) {
        return declarations.computeIfAbsent(key, DeclaredMethod::new);
    }

    public CallSite get(int id) {
        CallSite[] current = sites;
        return id >= 0 && id < current.length ? current[id] : null;
    }
}
