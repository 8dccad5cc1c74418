package sh.ratri.agent.weave.recognize;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.timeline.TestReader;
import sh.ratri.agent.weave.LoadedClasses;

import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Optional;
import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * JUnit Jupiter tests as sessions of kind {@code test}. Jupiter runs every test method, every
 * invocation of a parameterized or repeated test, and every {@code @TestFactory}, through
 * {@code TestMethodTestDescriptor.execute(JupiterEngineExecutionContext, DynamicTestExecutor)}, on
 * the thread that runs the test (a fork/join worker under parallel execution), from its
 * {@code @BeforeEach} callbacks to its {@code @AfterEach} ones; the failures of all of them are in
 * the context's {@code ThrowableCollector} when it returns. That one method is woven, matched by
 * name: the agent links against no JUnit class, and an application without Jupiter never loads
 * anything of this.
 */
public final class JUnitJupiter implements ClassFileTransformer {

    private static final String DESCRIPTOR = "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor";
    /** {@code DESCRIPTOR} with slashes, made once: it is compared with the name of every class that loads. */
    private static final String DESCRIPTOR_INTERNAL = DESCRIPTOR.replace('.', '/');
    private static final String CONTEXT = "org.junit.jupiter.engine.execution.JupiterEngineExecutionContext";

    private final BiConsumer<String, Throwable> failed;

    private JUnitJupiter(BiConsumer<String, Throwable> failed) {
        this.failed = failed;
    }

    /** {@code failed} hears of a Jupiter copy that could not be woven. */
    public static void install(LoadedClasses loaded, BiConsumer<String, Throwable> failed) {
        loaded.add(new JUnitJupiter(failed), // attached while tests run: from the next test on
                c -> c.getName().equals(DESCRIPTOR));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || !DESCRIPTOR_INTERNAL.equals(className)) {
            return null;
        }
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(DESCRIPTOR, classFile),
                    ClassFileLocator.ForClassLoader.of(loader));
            TypePool pool = TypePool.Default.of(locator);
            TypeDescription type = pool.describe(DESCRIPTOR).resolve();
            return new ByteBuddy().with(TypeValidation.DISABLED)
                    .decorate(type, locator)
                    .visit(Advice.to(TestAdvice.class, ClassFileLocator.ForClassLoader.of(JUnitJupiter.class.getClassLoader()))
                            .on(named("execute").and(isPublic()).and(takesArguments(2))
                                    .and(takesArgument(0, named(CONTEXT)))))
                    .make(pool)
                    .getBytes();
        } catch (Throwable t) {
            failed.accept(DESCRIPTOR, t);
            return null;
        }
    }

    /** Copied into {@code execute}: it may name only the bridge. */
    static final class TestAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object test) {
            return Bridge.testStarted(test);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope, @Advice.Argument(0) Object context,
                         @Advice.Thrown Throwable thrown) {
            Bridge.testEnded(scope, context, thrown);
        }
    }

    /**
     * Reads a test from Jupiter's objects through JUnit's public API types, by name and reflection:
     * only once per test that traced something, never on a traced call.
     */
    public static final class Tests implements TestReader {

        private static final String[] ABORTING = {"org.opentest4j.TestAbortedException",
                "org.junit.AssumptionViolatedException", "org.junit.internal.AssumptionViolatedException"};

        @Override
        public String[] session(Object test) {
            String displayName = (String) call(test, "org.junit.platform.engine.TestDescriptor", "getDisplayName");
            Object uniqueId = call(test, "org.junit.platform.engine.TestDescriptor", "getUniqueId");
            Object source = ((Optional<?>) call(test, "org.junit.platform.engine.TestDescriptor", "getSource"))
                    .orElse(null);
            String testClass = "";
            String testMethod = "";
            if (source != null && source.getClass().getName()
                    .equals("org.junit.platform.engine.support.descriptor.MethodSource")) {
                testClass = (String) call(source, source.getClass().getName(), "getClassName");
                testMethod = (String) call(source, source.getClass().getName(), "getMethodName");
            }
            return new String[] {"test", displayName, "testClass", testClass, "testMethod", testMethod,
                    "uniqueId", String.valueOf(uniqueId)};
        }

        @Override
        public Throwable failure(Object context, Throwable thrown) {
            if (thrown != null || context == null) {
                return thrown;
            }
            Object collector = call(context, CONTEXT, "getThrowableCollector");
            return (Throwable) call(collector, "org.junit.platform.engine.support.hierarchical.ThrowableCollector",
                    "getThrowable");
        }

        @Override
        public boolean aborted(Throwable failure) {
            for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
                for (String name : ABORTING) {
                    if (c.getName().equals(name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Calls a public no-argument method as declared by the public JUnit type named
         * {@code declaringType}, which {@code target} is or implements: the implementation classes
         * are JUnit's internals, the declaring types its API.
         */
        private static Object call(Object target, String declaringType, String method) {
            Class<?> declaring = find(target.getClass(), declaringType);
            if (declaring == null) {
                throw new IllegalStateException(target.getClass().getName() + " is no " + declaringType);
            }
            try {
                Method m = declaring.getMethod(method);
                return m.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(declaringType + "." + method + ": " + e, e);
            }
        }

        private static Class<?> find(Class<?> type, String name) {
            if (type == null) {
                return null;
            }
            if (type.getName().equals(name)) {
                return type;
            }
            for (Class<?> i : type.getInterfaces()) {
                Class<?> found = find(i, name);
                if (found != null) {
                    return found;
                }
            }
            return find(type.getSuperclass(), name);
        }
    }
}
