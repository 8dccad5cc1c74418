package sh.ratri.agent.weave.reactor;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import sh.ratri.agent.weave.BootstrapBridge;
import sh.ratri.agent.weave.LoadedClasses;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.BiConsumer;

/**
 * Carries the current session, run and step into Reactor's schedulers ({@code publishOn},
 * {@code subscribeOn}, {@code parallel().runOn}, {@code delay}…, on {@code boundedElastic},
 * {@code parallel}, {@code single} and executor-based schedulers). Every task those schedulers run
 * passes through {@code Schedulers.onSchedule(Runnable)}; its first instruction becomes
 * {@code task = Bridge.wrap(task)}. Rewriting the method rather than registering an
 * {@code onScheduleHook} keeps it working when the application resets Reactor's hooks.
 */
public final class ReactorSchedulers implements ClassFileTransformer {

    private static final String SCHEDULERS = "reactor/core/scheduler/Schedulers";
    private static final String ON_SCHEDULE = "(Ljava/lang/Runnable;)Ljava/lang/Runnable;";

    private final BiConsumer<String, Throwable> failed;

    private ReactorSchedulers(BiConsumer<String, Throwable> failed) {
        this.failed = failed;
    }

    /** {@code failed} hears of a Reactor copy that could not be rewritten. */
    public static void install(LoadedClasses loaded, BiConsumer<String, Throwable> failed) {
        if (!BootstrapBridge.isVisible()) {
            return; // running from a class directory: Reactor could not see the bridge
        }
        loaded.add(new ReactorSchedulers(failed), // attached after Reactor started
                c -> c.getName().equals("reactor.core.scheduler.Schedulers"));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (!SCHEDULERS.equals(className)) {
            return null;
        }
        try {
            ClassReader reader = OpenedClassReader.of(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new WrapScheduledTasks(writer), 0);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            failed.accept(SCHEDULERS.replace('/', '.'), e);
            return null;
        }
    }

    private static final class WrapScheduledTasks extends ClassVisitor {
        WrapScheduledTasks(ClassVisitor next) {
            super(OpenedClassReader.ASM_API, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            boolean onSchedule = name.equals("onSchedule") && descriptor.equals(ON_SCHEDULE)
                    && (access & Opcodes.ACC_STATIC) != 0;
            return onSchedule ? new WrapFirstParameter(next) : next;
        }
    }

    private static final class WrapFirstParameter extends MethodVisitor {
        WrapFirstParameter(MethodVisitor next) {
            super(OpenedClassReader.ASM_API, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, "sh/ratri/agent/bootstrap/Bridge", "wrap",
                    "(Ljava/lang/Runnable;)Ljava/lang/Runnable;", false);
            super.visitVarInsn(Opcodes.ASTORE, 0);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }
}
