package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.Callable;

import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

/**
 * Carries the current session, run and step to work that runs on another thread, with no user
 * code: tasks handed to {@code ThreadPoolExecutor} and {@code ForkJoinPool} (and so
 * {@code ExecutorService.submit/invokeAll} and {@code CompletableFuture.*Async}), new platform and
 * virtual threads, and the virtual-thread-per-task executor. The task is wrapped where it is handed
 * over; the wrapper restores the thread's own context afterwards, so pooled threads never keep one
 * task's context for the next. These JDK classes are loaded before premain, so they are
 * retransformed; the advice adds no fields or methods.
 */
public final class ContextPropagation {

    private ContextPropagation() {
    }

    public static void install(Instrumentation instrumentation, AgentBuilder.Listener listener) {
        ElementMatcher.Junction<MethodDescription> takesTask = hasParameters(whereAny(
                p -> p.getType().asErasure().represents(Runnable.class)
                        || p.getType().asErasure().represents(Callable.class)));

        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // classes loaded while the transformer is being installed would otherwise be missed
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(listener)
                .ignore(none())
                .type(named("java.util.concurrent.ThreadPoolExecutor").or(named("java.util.concurrent.ForkJoinPool")))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(PropagationAdvice.WrapFirstRunnable.class)
                                .on(named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class)))))
                .type(named("java.lang.Thread").or(named("java.lang.VirtualThread"))
                        .or(nameStartsWith("java.util.concurrent.ForkJoinTask$Adapted"))
                        .or(named("java.util.concurrent.ForkJoinTask$RunnableExecuteAction")))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(PropagationAdvice.WrapTaskArguments.class).on(isConstructor().and(takesTask))))
                .installOn(instrumentation);
    }
}
