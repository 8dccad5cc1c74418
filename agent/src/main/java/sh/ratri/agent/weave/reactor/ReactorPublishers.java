package sh.ratri.agent.weave.reactor;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.timeline.PublisherWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Reactor support without a Reactor dependency. At weave time a method is recognised by the name
 * of its declared return type; at run time the first Mono or Flux a traced method returns from a
 * given Reactor copy has the helpers ({@link EndingPublisher}, {@link EndingSubscriber}) defined in
 * that copy's class loader, their mirror types renamed to Reactor's; later calls go through a method
 * handle cached per class. Any failure leaves the publisher as it was.
 */
public final class ReactorPublishers implements PublisherWrapper {

    private static final Set<String> PUBLISHER_TYPES = Set.of("org.reactivestreams.Publisher",
            "reactor.core.CorePublisher", "reactor.core.publisher.Mono", "reactor.core.publisher.Flux");
    private static final String MONO = "reactor.core.publisher.Mono";
    private static final String FLUX = "reactor.core.publisher.Flux";
    private static final String HELPERS = "sh/ratri/agent/weave/reactor/";
    private static final String MIRRORS = HELPERS + "mirror/";
    private static final String INJECTED = "sh/ratri/injected/reactor/";
    private static final Map<String, String> RENAMES = Map.of(
            MIRRORS + "Publisher", "org/reactivestreams/Publisher",
            MIRRORS + "Subscriber", "org/reactivestreams/Subscriber",
            MIRRORS + "Subscription", "org/reactivestreams/Subscription",
            MIRRORS + "CoreSubscriber", "reactor/core/CoreSubscriber",
            MIRRORS + "Context", "reactor/util/context/Context",
            MIRRORS + "Mono", "reactor/core/publisher/Mono",
            MIRRORS + "Flux", "reactor/core/publisher/Flux",
            HELPERS + "EndingPublisher", INJECTED + "EndingPublisher",
            HELPERS + "EndingSubscriber", INJECTED + "EndingSubscriber");

    private final Instrumentation instrumentation;
    private final ClassValue<MethodHandle> wrapByReturnedClass = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> returned) {
            Class<?> reactorType = reactorSuperclass(returned);
            return reactorType == null ? null : wrapByReactorCopy.get(reactorType);
        }
    };
    private final ClassValue<MethodHandle> wrapByReactorCopy = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> reactorType) {
            try {
                return defineHelpers(reactorType.getClassLoader());
            } catch (Throwable t) {
                return null; // this Reactor copy's publishers end when their methods return
            }
        }
    };

    public ReactorPublishers(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** True when a method declared to return {@code returnType} (a binary name) returns a publisher the helpers can stand in for. */
    public static boolean declaredBy(String returnType) {
        return PUBLISHER_TYPES.contains(returnType);
    }

    @Override
    public Object wrap(Object publisher, PublisherCall call) {
        MethodHandle wrap = wrapByReturnedClass.get(publisher.getClass());
        if (wrap == null) {
            return null;
        }
        try {
            return (Object) wrap.invokeExact(publisher, call);
        } catch (Throwable t) {
            return null;
        }
    }

    private static Class<?> reactorSuperclass(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(MONO) || c.getName().equals(FLUX)) {
                return c;
            }
        }
        return null;
    }

    private MethodHandle defineHelpers(ClassLoader loader) throws Throwable {
        if (loader == null) {
            return null;
        }
        Class<?> helper;
        synchronized (loader) { // two Reactor copies never share a loader; two threads may meet the same one
            helper = alreadyDefined(loader);
            if (helper == null) {
                define(loader, "EndingSubscriber");
                helper = define(loader, "EndingPublisher");
            }
        }
        return MethodHandles.publicLookup().findStatic(helper, "wrap",
                MethodType.methodType(Object.class, Object.class, PublisherCall.class));
    }

    private static Class<?> alreadyDefined(ClassLoader loader) {
        try {
            return Class.forName(INJECTED.replace('/', '.') + "EndingPublisher", false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private Class<?> define(ClassLoader loader, String simpleName) throws Throwable {
        byte[] renamed = renamed(HELPERS + simpleName);
        String name = (INJECTED + simpleName).replace('/', '.');
        Object unsafe = unsafe();
        Method defineClass = unsafe.getClass().getMethod("defineClass", String.class, byte[].class, int.class,
                int.class, ClassLoader.class, ProtectionDomain.class);
        defineClass.setAccessible(true);
        return (Class<?>) defineClass.invoke(unsafe, name, renamed, 0, renamed.length, loader, null);
    }

    private static byte[] renamed(String internalName) throws IOException {
        try (InputStream in = ReactorPublishers.class.getResourceAsStream("/" + internalName + ".class")) {
            if (in == null) {
                throw new IOException(internalName + " is missing from the agent jar");
            }
            ClassReader reader = new ClassReader(in.readAllBytes());
            ClassWriter writer = new ClassWriter(0);
            reader.accept(new ClassRemapper(writer, new SimpleRemapper(RENAMES)), 0);
            return writer.toByteArray();
        }
    }

    /** {@code jdk.internal.misc.Unsafe}, opened to the agent as for the bootstrap classes: it defines into any loader. */
    private Object unsafe() throws Exception {
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("jdk.internal.misc", Set.of(ReactorPublishers.class.getModule())), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Method getUnsafe = unsafeType.getMethod("getUnsafe");
        getUnsafe.setAccessible(true);
        return getUnsafe.invoke(null);
    }
}
