package sh.ratri.agent.weave;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Blocked;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * The code woven into annotated methods. Byte Buddy copies these method bodies into the user's
 * class, so they may name only {@link Bridge} and {@link Blocked}, which every class loader can see,
 * and must stay a few instructions long: all the work happens behind the bridge. A tool call that
 * the policy blocks skips the body ({@code skipOn}) and throws from the exit advice, by assigning
 * {@code thrown}: the one throwable that {@code suppress} does not swallow, because it is not thrown
 * inside the advice.
 */
final class CallSiteAdvice {

    private CallSiteAdvice() {
    }

    /** For call sites whose templates read the arguments. */
    static final class WithArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Blocked.class)
        static Object enter(@CallSiteId int callSite, @Advice.AllArguments Object[] arguments) {
            return Bridge.enter(callSite, arguments);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }

    /** For constant call sites: no argument array is allocated. */
    static final class WithoutArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Blocked.class)
        static Object enter(@CallSiteId int callSite) {
            return Bridge.enter(callSite, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }
}
