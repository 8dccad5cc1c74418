package sh.ratri.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Makes the bridge classes that woven code calls visible from every class loader, by defining
 * them in the bootstrap loader. The agent jar keeps them under {@code ratri-bootstrap/}, apart
 * from its own classes, so no second copy can be loaded elsewhere.
 *
 * <p>Defining them directly (through {@code jdk.internal.misc.Unsafe}, opened to the agent with
 * {@code redefineModule}) keeps the start silent: appending a jar to the bootstrap search path
 * makes the JVM print a class-data-sharing warning and turns CDS off for application classes. The
 * append stays as the fallback.
 */
final class BootstrapInjector {

    static final String[] CLASSES = {
        // the exception a blocked tool call throws: one copy, which every parent-first loader finds here
        "sh.ratri.ToolBlockedException",
        "sh.ratri.agent.bootstrap.Blocked",
        "sh.ratri.agent.bootstrap.Bridge$Dispatcher",
        "sh.ratri.agent.bootstrap.Bridge$ExplicitCalls",
        "sh.ratri.agent.bootstrap.NoRuntime",
        "sh.ratri.agent.bootstrap.Bridge",
        "sh.ratri.agent.bootstrap.NumberedCalls",
        "sh.ratri.agent.bootstrap.ContextRunnable",
        "sh.ratri.agent.bootstrap.ContextCallable",
        "sh.ratri.agent.bootstrap.ContextLocal",
        "sh.ratri.agent.bootstrap.PendingContexts",
        "sh.ratri.agent.bootstrap.PendingContexts$Key",
        "sh.ratri.agent.bootstrap.PublisherCall",
        "sh.ratri.agent.bootstrap.PublisherSubscription",
    };

    private BootstrapInjector() {
    }

    static void inject(Instrumentation instrumentation) throws Exception {
        if (alreadyInBootstrap()) {
            return; // a second attach into the same JVM
        }
        Map<String, byte[]> classes = readClasses();
        if (classes == null) {
            return; // running from a class directory (tests, IDE): the classes load normally
        }
        try {
            defineDirectly(instrumentation, classes);
        } catch (Throwable directFailed) {
            appendToBootstrapSearch(instrumentation, classes);
        }
    }

    private static boolean alreadyInBootstrap() {
        try {
            Class.forName("sh.ratri.agent.bootstrap.Bridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Read from the agent jar as a plain {@link JarFile}: through the class loader each read is a
     * {@code jar:} URL connection, whose classes and second opening of the jar cost premain ~25 ms.
     * When the agent's own classes come from a directory instead (an IDE run with them on the class
     * path ahead of the jar, or the agent's tests), the class loader finds the bridge classes in
     * whichever entry holds them, or in none: then they load normally.
     */
    private static Map<String, byte[]> readClasses() throws Exception {
        File location = AgentJar.path().toFile();
        if (!location.isFile()) {
            // an anonymous class, not a lambda: the first lambda at premain spins method handles
            return read(new Resources() {
                @Override
                public InputStream open(String name) {
                    return RatriAgent.class.getResourceAsStream("/" + name);
                }
            });
        }
        try (JarFile jar = new JarFile(location, false)) {
            return read(new Resources() {
                @Override
                public InputStream open(String name) throws IOException {
                    JarEntry entry = jar.getJarEntry(name);
                    return entry == null ? null : jar.getInputStream(entry);
                }
            });
        }
    }

    /** Where the bridge classes' files are read from. */
    private interface Resources {
        /** The resource {@code name}, or null when there is none. */
        InputStream open(String name) throws IOException;
    }

    /** Every bridge class's bytes, or null when one is missing. */
    private static Map<String, byte[]> read(Resources resources) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : CLASSES) {
            try (InputStream in = resources.open(resourceName(name))) {
                if (in == null) {
                    return null;
                }
                classes.put(name, in.readAllBytes());
            }
        }
        return classes;
    }

    private static String resourceName(String className) {
        return "ratri-bootstrap/" + className.replace('.', '/') + ".class";
    }

    private static void defineDirectly(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws Exception {
        Module javaBase = Object.class.getModule();
        Module agent = BootstrapInjector.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("jdk.internal.misc", Set.of(agent)),
                Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Method getUnsafe = unsafeType.getMethod("getUnsafe");
        getUnsafe.setAccessible(true);
        Object unsafe = getUnsafe.invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        defineClass.setAccessible(true);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] bytes = c.getValue();
            defineClass.invoke(unsafe, c.getKey(), bytes, 0, bytes.length, null, null);
        }
    }

    private static void appendToBootstrapSearch(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws IOException {
        File jar = Files.createTempFile("ratri-bootstrap", ".jar").toFile();
        jar.deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar.toPath());
             JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }
}
