package sh.ratri.agent.kotlin;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Supplier;

/**
 * What the runtime needs from the application's own Kotlin standard library, found by name once
 * per library (a fat jar or a plugin may bring its own): the {@code COROUTINE_SUSPENDED} marker, a
 * continuation's caller ({@code BaseContinuationImpl.getCompletion}), and the agent's continuation
 * class ({@link SuspendedCallClass}) defined next to that library. The agent itself never links
 * against Kotlin.
 */
public final class KotlinCoroutines {

    private static final String BASE_CONTINUATION =
            KotlinNames.binary(KotlinNames.INTERNAL_PACKAGE + "BaseContinuationImpl");

    /** Per continuation class: the Kotlin library it belongs to, or {@link Stdlib#NONE}. */
    private final ClassValue<Stdlib> byContinuationClass = new ClassValue<>() {
        @Override
        protected Stdlib computeValue(Class<?> type) {
            Class<?> base = baseContinuation(type);
            return base == null ? Stdlib.NONE : byBaseClass.get(base);
        }
    };

    /** One per Kotlin standard library, keyed by its {@code BaseContinuationImpl}. */
    private final ClassValue<Stdlib> byBaseClass = new ClassValue<>() {
        @Override
        protected Stdlib computeValue(Class<?> base) {
            return Stdlib.of(base);
        }
    };

    /** The Kotlin library {@code continuation} comes from, or null when it is not a Kotlin continuation. */
    public Stdlib of(Object continuation) {
        if (continuation == null) {
            return null;
        }
        Stdlib stdlib = byContinuationClass.get(continuation.getClass());
        return stdlib == Stdlib.NONE ? null : stdlib;
    }

    /** Kotlin's base class of compiled continuations, as seen from {@code type}: callers pass others too (coroutines). */
    private static Class<?> baseContinuation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(BASE_CONTINUATION)) {
                return c;
            }
        }
        if (type.getClassLoader() == null) {
            return null;
        }
        try {
            return Class.forName(BASE_CONTINUATION, false, type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notKotlin) {
            return null;
        }
    }

    /** One Kotlin standard library as the runtime uses it; all handles resolved once. */
    public static final class Stdlib {

        static final Stdlib NONE = new Stdlib(null, null, null, null, null);

        private final Class<?> base;
        private final MethodHandle completion;
        private final Object suspendedMarker;
        private final Class<?> suspendedCallClass;
        private final MethodHandle newSuspendedCall;

        private Stdlib(Class<?> base, MethodHandle completion, Object suspendedMarker, Class<?> suspendedCallClass,
                       MethodHandle newSuspendedCall) {
            this.base = base;
            this.completion = completion;
            this.suspendedMarker = suspendedMarker;
            this.suspendedCallClass = suspendedCallClass;
            this.newSuspendedCall = newSuspendedCall;
        }

        /** {@link #NONE} when the library cannot be used (a named module that is not open, say). */
        static Stdlib of(Class<?> base) {
            try {
                ClassLoader loader = base.getClassLoader();
                Class<?> continuation = Class.forName(KotlinNames.binary(KotlinNames.CONTINUATION), false, loader);
                MethodHandles.Lookup publicLookup = MethodHandles.publicLookup();
                MethodHandle completion = publicLookup.findVirtual(base, "getCompletion",
                                MethodType.methodType(continuation))
                        .asType(MethodType.methodType(Object.class, Object.class));
                Object marker = publicLookup.findStatic(
                                Class.forName(KotlinNames.binary(KotlinNames.INTRINSICS_KT), false, loader),
                                "getCOROUTINE_SUSPENDED", MethodType.methodType(Object.class))
                        .invoke();
                Class<?> continuationImpl = Class.forName(
                        KotlinNames.binary(KotlinNames.INTERNAL_PACKAGE + "ContinuationImpl"), false, loader);
                Class<?> suspendedCall = defineSuspendedCall(continuationImpl);
                MethodHandle constructor = MethodHandles.lookup().findConstructor(suspendedCall,
                                MethodType.methodType(void.class, continuation, Object.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Object.class));
                return new Stdlib(base, completion, marker, suspendedCall, constructor);
            } catch (Throwable unusable) {
                return NONE;
            }
        }

        /** Lookup.defineClass, in the package of Kotlin's own continuations: silent on every JDK, no Unsafe. */
        private static Class<?> defineSuspendedCall(Class<?> continuationImpl) throws ReflectiveOperationException {
            MethodHandles.Lookup inKotlin = MethodHandles.privateLookupIn(continuationImpl, MethodHandles.lookup());
            String name = SuspendedCallClass.NAME.replace('/', '.');
            try {
                return Class.forName(name, false, continuationImpl.getClassLoader());
            } catch (ClassNotFoundException notYetDefined) {
                try {
                    return inKotlin.defineClass(SuspendedCallClass.bytes());
                } catch (LinkageError definedMeanwhile) {
                    return inKotlin.findClass(name);
                }
            }
        }

        /** True when a suspend function returned Kotlin's marker: it will resume later. */
        public boolean isSuspended(Object returned) {
            return returned == suspendedMarker;
        }

        /**
         * The call object the agent gave {@code continuation}'s caller, when that caller is the
         * agent's continuation: the compiler's state machine resumes a suspend function with its own
         * continuation, whose caller is what the first entry received, which the agent replaced.
         */
        public Object suspendedCallAbove(Object continuation) throws Throwable {
            if (!base.isInstance(continuation)) {
                return null;
            }
            Object caller = (Object) completion.invokeExact(continuation);
            return caller != null && caller.getClass() == suspendedCallClass ? ((Supplier<?>) caller).get() : null;
        }

        /** A continuation that reports {@code call} ended, then resumes {@code completion} with the same outcome. */
        public Object continuationEnding(Object completion, Object call) throws Throwable {
            return (Object) newSuspendedCall.invokeExact(completion, call);
        }
    }
}
