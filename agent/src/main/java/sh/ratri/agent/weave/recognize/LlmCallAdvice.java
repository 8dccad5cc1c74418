package sh.ratri.agent.weave.recognize;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * The code woven into a recognised library's model-call method. Copied into the library's class, so
 * it names only {@link Bridge}; the reader that makes sense of the request and reply runs behind it.
 * The exit may replace what the method returns with a stand-in that ends the call when a streamed
 * reply ends ({@link Bridge#llmExit}).
 */
final class LlmCallAdvice {

    private LlmCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@LlmReaderId int reader, @Advice.This(optional = true) Object receiver,
                        @Advice.AllArguments Object[] arguments) {
        return Bridge.llmEnter(reader, receiver, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        returned = Bridge.llmExit(scope, returned, thrown);
    }
}
