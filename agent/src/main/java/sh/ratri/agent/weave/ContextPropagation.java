package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Carries the current session, run and step to work that runs on another thread, with no user
 * code: tasks handed to {@code ThreadPoolExecutor}, {@code ScheduledThreadPoolExecutor} and
 * {@code ForkJoinPool} (and so {@code ExecutorService.submit/invokeAll}, {@code schedule*} and
 * {@code CompletableFuture.*Async}), new platform and virtual threads, and the
 * virtual-thread-per-task executor. The task is wrapped where it is handed over; the wrapper
 * restores the thread's own context afterwards, so pooled threads never keep one task's context
 * for the next. Fork/join tasks and {@code Thread} subclasses run their own code: {@link SelfRunningTasks}.
 *
 * <p>The few JDK classes involved are rewritten with plain ASM rather than Byte Buddy's
 * {@code AgentBuilder}, which would load about a thousand classes at premain: the transformer is
 * registered first, then, when other threads are alive, each of these classes is loaded, which
 * waits for a load one of them had begun (see {@link LoadedClasses#addLoadingFirst}), then the
 * loaded ones are retransformed. The inserted calls add no fields or methods, as retransformation
 * requires.
 */
public final class ContextPropagation implements ClassFileTransformer {

    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";
    private static final String WRAP_RUNNABLE = "(" + RUNNABLE + ")" + RUNNABLE;
    private static final String WRAP_CALLABLE = "(" + CALLABLE + ")" + CALLABLE;

    private static final String FORK_JOIN_ADAPTER = "java.util.concurrent.ForkJoinTask$Adapted";

    /** The classes whose {@code execute(Runnable)} wraps the task. */
    private static final List<String> EXECUTE = List.of("java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.ForkJoinPool");

    /** The classes whose constructors wrap the tasks they take; some are in later JDKs only. */
    private static final List<String> TASK_CONSTRUCTORS = List.of("java.lang.Thread", "java.lang.VirtualThread",
            FORK_JOIN_ADAPTER + "Runnable", FORK_JOIN_ADAPTER + "RunnableAction", FORK_JOIN_ADAPTER + "Callable",
            FORK_JOIN_ADAPTER + "InterruptibleCallable", FORK_JOIN_ADAPTER + "InterruptibleRunnable",
            "java.util.concurrent.ForkJoinTask$RunnableExecuteAction",
            "java.util.concurrent.ForkJoinTask$CallableWithTimeout",
            // ScheduledThreadPoolExecutor queues these itself, bypassing ThreadPoolExecutor.execute;
            // a periodic one runs its wrapped task, in the submitter's context, at every period
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
            "java.util.concurrent.DelayScheduler$ScheduledForkJoinTask"); // JDK 25

    private final BiConsumer<String, Throwable> failed;

    ContextPropagation(BiConsumer<String, Throwable> failed) {
        this.failed = failed;
    }

    /** {@code failed} hears of each class that could not be rewritten. */
    public static void install(LoadedClasses loaded, BiConsumer<String, Throwable> failed) {
        if (!BootstrapBridge.isVisible()) {
            return; // running from a class directory: JDK code could not see the bridge
        }
        loaded.addLoadingFirst(new ContextPropagation(failed), rewrittenClasses(),
                c -> c.getClassLoader() == null && rewrites(c.getName()));
    }

    static boolean rewrites(String className) {
        return hasExecute(className) || hasTaskConstructors(className) || SelfRunningTasks.rewrites(className);
    }

    /** Every class this rewrites, by name: what {@link LoadedClasses#addLoadingFirst} loads first. */
    static List<String> rewrittenClasses() {
        List<String> names = new ArrayList<>(EXECUTE);
        names.addAll(TASK_CONSTRUCTORS);
        names.addAll(SelfRunningTasks.rewrittenClasses());
        return names;
    }

    private static boolean hasExecute(String className) {
        return EXECUTE.contains(className);
    }

    /** Adapters a later JDK adds are rewritten too, when loaded after premain. */
    private static boolean hasTaskConstructors(String className) {
        return TASK_CONSTRUCTORS.contains(className) || className.startsWith(FORK_JOIN_ADAPTER);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader != null || className == null || !className.startsWith("java/")) {
            return null;
        }
        String name = className.replace('/', '.');
        if (!rewrites(name)) {
            return null;
        }
        try {
            ClassReader reader = OpenedClassReader.of(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new WrapTasks(SelfRunningTasks.visitor(name, classFile, writer), hasExecute(name),
                    hasTaskConstructors(name)), 0);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            failed.accept(name, e);
            return null;
        }
    }

    /**
     * Inserts {@code task = Bridge.wrap(task)} at the start of {@code execute(Runnable)}, or of
     * every constructor for each of its {@code Runnable} and {@code Callable} parameters. No guard
     * is needed around the call: {@code Bridge.wrap} never throws, it catches what the runtime throws.
     */
    private static final class WrapTasks extends ClassVisitor {
        private final boolean execute;
        private final boolean constructors;

        WrapTasks(ClassVisitor next, boolean execute, boolean constructors) {
            super(OpenedClassReader.ASM_API, next);
            this.execute = execute;
            this.constructors = constructors;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            boolean wraps = execute && name.equals("execute") && descriptor.startsWith("(" + RUNNABLE + ")")
                    || constructors && name.equals("<init>")
                    && (descriptor.contains(RUNNABLE) || descriptor.contains(CALLABLE));
            return wraps ? new WrapParameters(next, descriptor) : next;
        }
    }

    private static final class WrapParameters extends MethodVisitor {
        private final String descriptor;

        WrapParameters(MethodVisitor next, String descriptor) {
            super(OpenedClassReader.ASM_API, next);
            this.descriptor = descriptor;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            int slot = 1; // both kinds of method are instance methods: slot 0 is this
            for (Type parameter : Type.getArgumentTypes(descriptor)) {
                String type = parameter.getDescriptor();
                boolean runnable = type.equals(RUNNABLE);
                if (runnable || type.equals(CALLABLE)) {
                    super.visitVarInsn(Opcodes.ALOAD, slot);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "wrap", runnable ? WRAP_RUNNABLE : WRAP_CALLABLE,
                            false);
                    super.visitVarInsn(Opcodes.ASTORE, slot);
                }
                slot += parameter.getSize();
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }
}
