package sh.ratri.agent.weave;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * How every rewriting transformer is installed: added for the classes loaded from now on, then run
 * over those already loaded (the agent attached late, or the library was loaded before premain
 * ended). One class that cannot be retransformed is reported and skipped; the others still are.
 */
public final class LoadedClasses {

    private LoadedClasses() {
    }

    /**
     * Adds {@code transformer} (retransform-capable) and retransforms the loaded classes that
     * {@code alreadyLoaded} picks; {@code failed} hears of each that could not be.
     */
    public static void install(Instrumentation instrumentation, ClassFileTransformer transformer,
                               Predicate<Class<?>> alreadyLoaded, BiConsumer<String, Throwable> failed) {
        instrumentation.addTransformer(transformer, true);
        retransform(instrumentation, alreadyLoaded, failed);
    }

    /**
     * Like {@link #install}, for JDK classes that another thread may be loading at this very moment:
     * a load that passed the transformers just before {@code transformer} was added, of a class not
     * yet among the loaded ones, would be rewritten by neither. Loading each of
     * {@code bootstrapClasses} here first, uninitialised, waits for such a load to end, as the
     * bootstrap loader loads a class once and makes other threads wait; the class is then among those
     * retransformed. That costs start-up (each class is rewritten now, though the application may
     * never use it), so it is done only when another thread is alive to be loading one: after an
     * attach, or when an agent before this one started threads. (At premain the agent's exporter thread
     * starts after the install.) A name this JDK lacks is skipped; a class that {@code transformer}
     * saw as it loaded is not retransformed, as each retransformation pauses every thread.
     */
    public static void installLoadingFirst(Instrumentation instrumentation, ClassFileTransformer transformer,
                                           Collection<String> bootstrapClasses, Predicate<Class<?>> alreadyLoaded,
                                           BiConsumer<String, Throwable> failed) {
        NotingLoads noting = new NotingLoads(transformer, bootstrapClasses);
        instrumentation.addTransformer(noting, true);
        if (otherThreadsAlive()) {
            for (String name : bootstrapClasses) {
                try {
                    Class.forName(name, false, null);
                } catch (ClassNotFoundException notInThisJdk) {
                    // nothing to rewrite
                } catch (LinkageError e) {
                    failed.accept(name, e);
                }
            }
        }
        retransform(instrumentation, alreadyLoaded.and(c -> !noting.sawLoad(c)), failed);
    }

    /**
     * Whether a thread other than this one is alive in its group or the groups below: at premain the
     * main group holds the main thread alone, an attach runs in the system group, above all others.
     */
    private static boolean otherThreadsAlive() {
        return Thread.currentThread().getThreadGroup().activeCount() > 1;
    }

    private static void retransform(Instrumentation instrumentation, Predicate<Class<?>> alreadyLoaded,
                                    BiConsumer<String, Throwable> failed) {
        List<Class<?>> picked = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (alreadyLoaded.test(c)) {
                picked.add(c);
            }
        }
        for (Class<?> c : picked) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Exception | LinkageError e) {
                failed.accept(c.getName(), e);
            }
        }
    }

    /** Passes every class to {@code transformer}, noting which of the watched bootstrap classes it saw load. */
    private static final class NotingLoads implements ClassFileTransformer {
        private final ClassFileTransformer transformer;
        private final Set<String> watched = new HashSet<>();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        NotingLoads(ClassFileTransformer transformer, Collection<String> bootstrapClasses) {
            this.transformer = transformer;
            for (String name : bootstrapClasses) {
                watched.add(name.replace('.', '/'));
            }
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
            note(loader, className, classBeingRedefined);
            return transformer.transform(module, loader, className, classBeingRedefined, domain, classFile);
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
            note(loader, className, classBeingRedefined);
            return transformer.transform(loader, className, classBeingRedefined, domain, classFile);
        }

        private void note(ClassLoader loader, String className, Class<?> classBeingRedefined) {
            if (loader == null && classBeingRedefined == null && watched.contains(className)) {
                seen.add(className);
            }
        }

        boolean sawLoad(Class<?> c) {
            return c.getClassLoader() == null && seen.contains(c.getName().replace('.', '/'));
        }
    }
}
