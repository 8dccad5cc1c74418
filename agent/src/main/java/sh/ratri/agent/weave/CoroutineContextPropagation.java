package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import sh.ratri.agent.kotlin.KotlinNames;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.BiConsumer;

/**
 * Carries the current session, run and step with Kotlin coroutines, which run on kotlinx's own
 * scheduler rather than a JDK executor. kotlinx builds every new coroutine's context in
 * {@code CoroutineContextKt.newCoroutineContext} ({@code launch}, {@code async},
 * {@code runBlocking}, {@code produce}…, and {@code withContext}); there the context current on the
 * calling thread is added to it as a thread-context element, which kotlinx installs on whatever
 * thread runs the coroutine, under any dispatcher, and takes off again when it suspends:
 *
 * <pre>
 * Object carried = Bridge.coroutineContext();
 * if (carried != null) added = added.plus(ThreadContextElementKt.asContextElement(Bridge.contextLocal(), carried));
 * </pre>
 *
 * Only kotlinx and JDK types are named, so the class links in the application's loader; nothing is
 * added while the agent's runtime is not installed.
 */
final class CoroutineContextPropagation implements ClassFileTransformer {

    private static final String CLASS = KotlinNames.kotlinx("coroutines/CoroutineContextKt");
    /** {@code CLASS} with dots, made once: it is compared with the name of every class loaded before premain ended. */
    private static final String CLASS_NAME = KotlinNames.binary(CLASS);
    private static final String CONTEXT = "L" + KotlinNames.COROUTINE_CONTEXT + ";";
    /** {@code CoroutineScope.newCoroutineContext(context)} and {@code CoroutineContext.newCoroutineContext(added)}. */
    private static final String FROM_SCOPE =
            "(L" + KotlinNames.kotlinx("coroutines/CoroutineScope;") + CONTEXT + ")" + CONTEXT;
    private static final String FROM_CONTEXT = "(" + CONTEXT + CONTEXT + ")" + CONTEXT;
    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";

    private final BiConsumer<String, Throwable> failed;

    private CoroutineContextPropagation(BiConsumer<String, Throwable> failed) {
        this.failed = failed;
    }

    static void install(LoadedClasses loaded, BiConsumer<String, Throwable> failed) {
        if (!BootstrapBridge.isVisible()) {
            return; // running from a class directory: kotlinx could not see the bridge
        }
        loaded.add(new CoroutineContextPropagation(failed),
                c -> c.getName().equals(CLASS_NAME)); // attached after kotlinx was loaded
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || !CLASS.equals(className)) {
            return null;
        }
        try {
            ClassReader reader = OpenedClassReader.of(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    boolean target = name.equals("newCoroutineContext") && (access & Opcodes.ACC_STATIC) != 0
                            && (descriptor.equals(FROM_SCOPE) || descriptor.equals(FROM_CONTEXT));
                    return target ? new AddCurrentContext(next) : next;
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            failed.accept(className.replace('/', '.'), e);
            return null;
        }
    }

    /**
     * Inserted before the method's first instruction. Its two stack-map frames keep the method's
     * initial locals, so the method's own first frame, a delta from the one before it, still holds.
     */
    private static final class AddCurrentContext extends MethodVisitor {
        AddCurrentContext(MethodVisitor next) {
            super(OpenedClassReader.ASM_API, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label nothingTraced = new Label();
            Label done = new Label();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "coroutineContext", "()Ljava/lang/Object;", false);
            super.visitInsn(Opcodes.DUP);
            super.visitJumpInsn(Opcodes.IFNULL, nothingTraced);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "contextLocal", "()Ljava/lang/ThreadLocal;", false);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, KotlinNames.kotlinx("coroutines/ThreadContextElementKt"),
                    "asContextElement", "(Ljava/lang/ThreadLocal;Ljava/lang/Object;)L"
                            + KotlinNames.kotlinx("coroutines/ThreadContextElement;"), false);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKEINTERFACE, KotlinNames.COROUTINE_CONTEXT, "plus",
                    "(" + CONTEXT + ")" + CONTEXT, true);
            super.visitVarInsn(Opcodes.ASTORE, 1);
            super.visitJumpInsn(Opcodes.GOTO, done);
            super.visitLabel(nothingTraced);
            super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
            super.visitInsn(Opcodes.POP);
            super.visitLabel(done);
            super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 3), maxLocals);
        }
    }
}
