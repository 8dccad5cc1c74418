package sh.ratri.agent.weave;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
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
}
