package sh.ratri.agent.weave;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * Advice woven into the JDK's task hand-over points so that work submitted to another thread runs
 * in the submitter's context. Like {@link CallSiteAdvice} it is copied into the JDK classes and may
 * name only the bootstrap bridge.
 */
final class PropagationAdvice {

    private PropagationAdvice() {
    }

    /** {@code execute(Runnable)} of an executor: the queued task carries the context. */
    static final class WrapFirstRunnable {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = Bridge.wrap(task);
        }
    }

    /** Constructors of threads and task adapters: every Runnable or Callable argument carries the context. */
    static final class WrapTaskArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
            arguments = Bridge.wrapArguments(arguments);
        }
    }
}
