package sh.ratri.agent.weave;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sh.ratri.agent.bootstrap.Blocked;
import sh.ratri.agent.bootstrap.Bridge;

/**
 * The code woven into annotated methods. Byte Buddy copies these method bodies into the user's
 * class, so they may name only {@link Bridge} and {@link Blocked}, which every class loader can see,
 * and must stay a few instructions long: all the work happens behind the bridge. An enter advice is
 * paired with {@link Exit}, or {@link ExitKeepingArguments} for a method that stores into its
 * parameter slots (see {@link ParameterWrites}), or {@link PublisherExit} for a method returning a
 * Reactive Streams publisher. A tool call that the policy blocks skips the body ({@code skipOn}) and
 * throws from the exit advice, by assigning {@code thrown}: the one throwable that {@code suppress}
 * does not swallow, because it is not thrown inside the advice. Every exit below does both.
 * Load-time weaving writes the same code with ASM ({@link WovenMethod}); these are Byte Buddy's
 * when attaching and for the classes load-time weaving leaves to it.
 */
final class CallSiteAdvice {

    private CallSiteAdvice() {
    }

    /** For call sites whose templates read the arguments. */
    static final class WithArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Blocked.class)
        static Object enter(@CallSiteId int callSite, @Advice.This(optional = true) Object receiver,
                            @Advice.AllArguments Object[] arguments) {
            return Bridge.enter(callSite, receiver, arguments);
        }
    }

    /** For constant call sites: no argument array is allocated. */
    static final class WithoutArguments {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Blocked.class)
        static Object enter(@CallSiteId int callSite, @Advice.This(optional = true) Object receiver) {
            return Bridge.enter(callSite, receiver, (Object[]) null);
        }
    }

    /**
     * The exit reads no argument, so Byte Buddy is told not to back them up: the copies would add
     * every argument's slots to each woven frame, a cost that deep recursions pay once per level.
     */
    static final class Exit {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }

    /** The same exit, for methods that store into a parameter slot: only with the backup do their frames verify. */
    static final class ExitKeepingArguments {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            Bridge.exit(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }

    /**
     * For methods declared to return a Reactive Streams publisher: the returned publisher is
     * replaced by one of the same kind that ends the call's items when it terminates. A blocked
     * call returns no publisher: it throws at the call, like any other blocked tool.
     */
    static final class PublisherExit {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            returned = Bridge.exitPublisher(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }

    /**
     * For Kotlin suspend functions: the runtime may replace the continuation (the last argument) in
     * the array, and assigning the array back writes it into the method's parameters.
     */
    static final class Suspending {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Blocked.class)
        static Object enter(@CallSiteId int callSite,
                            @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
            Object[] call = arguments;
            Object scope = Bridge.enterSuspend(callSite, call);
            arguments = call;
            return scope;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object scope,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            Bridge.exitSuspend(scope, returned, thrown);
            thrown = Bridge.thrown(scope, thrown);
        }
    }
}
