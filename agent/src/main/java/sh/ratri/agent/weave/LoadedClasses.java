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
 * ended). The transformers are all added first and the loaded classes then walked once for all of
 * them: at premain each walk of the ~1,100 loaded classes costs milliseconds. One class that cannot
 * be retransformed is reported and skipped; the others still are.
 */
public final class LoadedClasses {

    private final Instrumentation instrumentation;
    private final BiConsumer<String, Throwable> failed;
    private final List<Pick> picks = new ArrayList<>();

    /** {@code failed} hears of each loaded class that could not be retransformed. */
    public LoadedClasses(Instrumentation instrumentation, BiConsumer<String, Throwable> failed) {
        this.instrumentation = instrumentation;
        this.failed = failed;
    }

    /**
     * Adds {@code transformer} (retransform-capable); {@link #retransform} then retransforms the
     * loaded classes that {@code alreadyLoaded} picks.
     */
    public void add(ClassFileTransformer transformer, Predicate<Class<?>> alreadyLoaded) {
        instrumentation.addTransformer(transformer, true);
        picks.add(new Pick(alreadyLoaded, null));
    }

    /**
     * Like {@link #add}, for JDK classes that another thread may be loading at this very moment:
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
    public void addLoadingFirst(ClassFileTransformer transformer, Collection<String> bootstrapClasses,
                                Predicate<Class<?>> alreadyLoaded) {
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
        picks.add(new Pick(alreadyLoaded, noting));
    }

    /**
     * Whether a thread other than this one is alive in its group or the groups below: at premain the
     * main group holds the main thread alone, an attach runs in the system group, above all others.
     */
    private static boolean otherThreadsAlive() {
        return Thread.currentThread().getThreadGroup().activeCount() > 1;
    }

    /** Retransforms the loaded classes that the transformers added since the last call pick. */
    public void retransform() {
        List<Class<?>> picked = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            for (Pick pick : picks) {
                if (pick.picks(c)) {
                    picked.add(c);
                    break;
                }
            }
        }
        picks.clear();
        for (Class<?> c : picked) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Exception | LinkageError e) {
                failed.accept(c.getName(), e);
            }
        }
    }

    /** One transformer's choice among the loaded classes; with {@code noting}, minus those it saw load. */
    private record Pick(Predicate<Class<?>> alreadyLoaded, NotingLoads noting) {
        boolean picks(Class<?> c) {
            return alreadyLoaded.test(c) && (noting == null || !noting.sawLoad(c));
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
