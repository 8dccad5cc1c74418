package sh.ratri.agent.weave;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * The code woven into annotated methods. Byte Buddy copies these method bodies into the user's
 * class, so they may name only {@link Bridge}, which every class loader can see, and must stay a
 * few instructions long: all the work happens behind the bridge.
 */
final class CallSiteAdvice {

    private CallSiteAdvice() {
    }

    /** For call sites whose templates read the arguments. */
    static final class WithArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@CallSiteId int callSite, @Advice.AllArguments Object[] arguments) {
            return Bridge.enter(callSite, arguments);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
        }
    }

    /** For constant call sites: no argument array is allocated. */
    static final class WithoutArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@CallSiteId int callSite) {
            return Bridge.enter(callSite, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
        }
    }

    /**
     * For methods declared to return a Reactive Streams publisher: the returned publisher is
     * replaced by one of the same kind that ends the call's items when it terminates.
     */
    static final class PublisherWithArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@CallSiteId int callSite, @Advice.AllArguments Object[] arguments) {
            return Bridge.enter(callSite, arguments);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            returned = Bridge.exitPublisher(scope, returned, thrown);
        }
    }

    static final class PublisherWithoutArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@CallSiteId int callSite) {
            return Bridge.enter(callSite, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown Throwable thrown) {
            returned = Bridge.exitPublisher(scope, returned, thrown);
        }
    }
}
