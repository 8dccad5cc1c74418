package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;

/**
 * Byte Buddy's weaving path run once on a background thread started early in premain, while premain
 * goes on and the JVM reaches {@code main}: the first annotated class then finds Byte Buddy's several
 * hundred classes loaded and initialised, instead of paying for them (most of the first weave) on the
 * application thread. The work is a throw-away weave of one of the agent's own advice classes with
 * the call-site advice, as the weaver does it: nothing is registered, defined or printed.
 * <p>
 * The thread loads only Byte Buddy's classes (and {@link CallSiteId}), never the timeline's, which
 * premain is loading meanwhile. The first weave waits for it to end ({@link #await}) rather than
 * initialising the same classes at once from two threads.
 */
public final class WeavingWarmUp implements Runnable {

    /** Far more than the warm-up takes even on a loaded machine; a weave never waits longer. */
    private static final long WAIT_MILLIS = 10_000;

    private static volatile Thread thread;

    private WeavingWarmUp() {
    }

    /**
     * Starts the warm-up once; for premain only (an attached agent retransforms at once). Not with a
     * single processor, where it could only delay the application's own start.
     */
    public static synchronized void start() {
        if (thread == null && Runtime.getRuntime().availableProcessors() > 1) {
            Thread warmUp = new Thread(new WeavingWarmUp(), "ratri-weaving-warm-up");
            warmUp.setDaemon(true);
            thread = warmUp;
            warmUp.start();
        }
    }

    /** Returns when the warm-up has ended, or at once on the warm-up's own thread or when none runs. */
    static void await() {
        Thread warmUp = thread;
        if (warmUp == null || warmUp == Thread.currentThread()) {
            return;
        }
        try {
            warmUp.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the weave goes on, as without a warm-up
        }
    }

    @Override
    public void run() {
        try {
            weaveOnce();
        } catch (Throwable ignored) {
            // whatever was not loaded here is loaded by the first weave, as without a warm-up
        } finally {
            thread = null;
        }
    }

    /**
     * The throw-away weave: the agent's {@link CallSiteAdvice.Exit} class with the call-site advice on
     * its method. The advice classes are read as class files, never loaded: the warm-up starts before
     * the bridge they name is on the bootstrap class path.
     */
    static byte[] weaveOnce() {
        ClassLoader agent = WeavingWarmUp.class.getClassLoader();
        String advice = CallSiteAdvice.class.getName();
        String woven = advice + "$Exit";
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(agent);
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                locator, TypePool.Default.ReaderMode.FAST, new UnservedTypes(agent, woven));
        TypeDescription type = pool.describe(woven).resolve();
        return new ByteBuddy().with(TypeValidation.DISABLED)
                .decorate(type, locator)
                .visit(Advice.withCustomMapping()
                        .bind(CallSiteId.class, 0)
                        .to(pool.describe(advice + "$WithArguments").resolve(), type, locator)
                        .on(isMethod()))
                .make(pool)
                .getBytes();
    }
}
