package sh.ratri.agent.kotlin;

/**
 * The application's Kotlin and kotlinx names, built at run time. The agent jar relocates its own
 * copy of the Kotlin standard library to {@code sh.ratri.agent.shaded.kotlin}, and the shade plugin
 * rewrites every string constant that starts with {@code kotlin} the same way, {@code kotlinx.}
 * included: a name written out literally here would point at the agent's copy, not at the
 * application's.
 */
public final class KotlinNames {

    private static final String KOTLIN = new StringBuilder("niltok").reverse().toString();

    /** Internal name of {@code kotlin.coroutines.Continuation}, in descriptors. */
    public static final String CONTINUATION = internal("coroutines/Continuation");
    public static final String COROUTINE_CONTEXT = internal("coroutines/CoroutineContext");
    static final String INTERNAL_PACKAGE = internal("coroutines/jvm/internal/");
    static final String RESULT = internal("Result");
    static final String RESULT_KT = internal("ResultKt");
    static final String INTRINSICS_KT = internal("coroutines/intrinsics/IntrinsicsKt");

    private KotlinNames() {
    }

    /** {@code kotlinx/rest} */
    public static String kotlinx(String rest) {
        return KOTLIN + "x/" + rest;
    }

    /** {@code kotlin/rest} */
    public static String internal(String rest) {
        return KOTLIN + "/" + rest;
    }

    /** {@code kotlin.rest}, with dots */
    public static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
