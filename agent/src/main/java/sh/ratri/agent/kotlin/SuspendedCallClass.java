package sh.ratri.agent.kotlin;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The bytes of the continuation the agent puts between a suspend function and its caller:
 *
 * <pre>
 * final class RatriSuspendedCall extends ContinuationImpl implements Supplier {
 *     private final Object call;
 *     RatriSuspendedCall(Continuation completion, Object call) { super(completion); this.call = call; }
 *     public Object get() { return call; }
 *     protected Object invokeSuspend(Object result) {
 *         Bridge.suspendedCallEnded(call, result, Result.exceptionOrNull(result));
 *         ResultKt.throwOnFailure(result);
 *         return result;
 *     }
 * }
 * </pre>
 *
 * Being a {@code ContinuationImpl} keeps Kotlin's own rules: it resumes on its caller's dispatcher
 * and hands the outcome on in the caller's resume loop. It names only Kotlin's runtime, the JDK and
 * the bootstrap {@code Bridge}, so it can live in the application's class loader; written with ASM
 * because the agent has no Kotlin classes to compile against.
 */
final class SuspendedCallClass {

    static final String NAME = KotlinNames.INTERNAL_PACKAGE + "RatriSuspendedCall";
    private static final String SUPER = KotlinNames.INTERNAL_PACKAGE + "ContinuationImpl";
    private static final String CONTINUATION = "L" + KotlinNames.CONTINUATION + ";";
    private static final String OBJECT = "Ljava/lang/Object;";

    private SuspendedCallClass() {
    }

    static byte[] bytes() {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
                NAME, null, SUPER, new String[] {"java/util/function/Supplier"});
        w.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "call", OBJECT, null, null).visitEnd();

        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(" + CONTINUATION + OBJECT + ")V", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", "(" + CONTINUATION + ")V", false);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitFieldInsn(Opcodes.PUTFIELD, NAME, "call", OBJECT);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(2, 3);
        m.visitEnd();

        m = w.visitMethod(Opcodes.ACC_PUBLIC, "get", "()" + OBJECT, null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, NAME, "call", OBJECT);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(1, 1);
        m.visitEnd();

        m = w.visitMethod(Opcodes.ACC_PROTECTED, "invokeSuspend", "(" + OBJECT + ")" + OBJECT, null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, NAME, "call", OBJECT);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, KotlinNames.RESULT, "exceptionOrNull-impl",
                "(" + OBJECT + ")Ljava/lang/Throwable;", false);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "sh/ratri/agent/bootstrap/Bridge", "suspendedCallEnded",
                "(" + OBJECT + OBJECT + "Ljava/lang/Throwable;)V", false);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, KotlinNames.RESULT_KT, "throwOnFailure", "(" + OBJECT + ")V", false);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(3, 2);
        m.visitEnd();

        w.visitEnd();
        return w.toByteArray();
    }
}
