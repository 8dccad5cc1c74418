package sh.ratri.agent.weave.recognize;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * The code woven into a recognised library's model-call method that returns nothing, its reply
 * arriving through a handler argument. The entry may replace the handler with a stand-in that ends
 * the call at the reply's last part or error ({@link Bridge#llmArguments}); the exit then ends it
 * only when the method throws, or when no stand-in could be made.
 */
final class LlmHandlerCallAdvice {

    private LlmHandlerCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@LlmReaderId int reader, @Advice.This(optional = true) Object receiver,
                        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
        Object scope = Bridge.llmEnter(reader, receiver, arguments);
        arguments = Bridge.llmArguments(scope, arguments);
        return scope;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
        Bridge.llmExit(scope, null, thrown);
    }
}
