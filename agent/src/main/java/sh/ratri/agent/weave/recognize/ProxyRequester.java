package sh.ratri.agent.weave.recognize;

/**
 * Who asked for the JDK proxy class being defined on this thread. A proxy class is defined inside
 * {@code Proxy.newProxyInstance}, on the caller's thread, and the class file transformer runs in
 * that definition: the first frame below the {@code java.lang.reflect.Proxy} frames (and the
 * proxy cache's {@code AbstractClassLoaderValue} between them) is the caller.
 * Asked only while a class named like a proxy is defined, which is rare.
 */
final class ProxyRequester {

    private static final StackWalker STACK = StackWalker.getInstance();

    private ProxyRequester() {
    }

    /** The requesting class's name, or null when no proxy is being defined on this thread. */
    static String className() {
        return STACK.walk(frames -> {
            boolean inProxy = false;
            for (var it = frames.iterator(); it.hasNext(); ) {
                String name = it.next().getClassName();
                if (name.startsWith("java.lang.reflect.Proxy")) {
                    inProxy = true;
                } else if (inProxy && !name.startsWith("jdk.internal.loader.")) {
                    return name;
                }
            }
            return null;
        });
    }
}
