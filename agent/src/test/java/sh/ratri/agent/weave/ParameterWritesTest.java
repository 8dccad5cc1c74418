package sh.ratri.agent.weave;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterWritesTest {

    private static final String NAME = "com.acme.Generated";

    @Test
    void aMethodStoringAnotherTypeIntoAParameterSlotWritesItsParameters() {
        // what a JDK 17 proxy does with the Throwable it catches
        byte[] classFile = classWith("answer", "(Ljava/lang/String;)Ljava/lang/String;", Opcodes.ACC_PUBLIC, code -> {
            code.visitTypeInsn(Opcodes.NEW, "java/lang/RuntimeException");
            code.visitInsn(Opcodes.DUP);
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/RuntimeException", "<init>", "()V", false);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitInsn(Opcodes.ATHROW);
        });

        assertThat(mayWrite(classFile, "answer")).isTrue();
    }

    @Test
    void incrementingAnIntParameterWritesIt() {
        byte[] classFile = classWith("next", "(I)I", Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, code -> {
            code.visitIincInsn(0, 1);
            code.visitVarInsn(Opcodes.ILOAD, 0);
            code.visitInsn(Opcodes.IRETURN);
        });

        assertThat(mayWrite(classFile, "next")).isTrue();
    }

    @Test
    void storingOnlyPastTheParametersLeavesThemAlone() {
        // slots 0-3: this, a long (two slots), a String; slot 4 is the first local
        byte[] classFile = classWith("copy", "(JLjava/lang/String;)Ljava/lang/String;", Opcodes.ACC_PUBLIC, code -> {
            code.visitVarInsn(Opcodes.ALOAD, 3);
            code.visitVarInsn(Opcodes.ASTORE, 4);
            code.visitVarInsn(Opcodes.ALOAD, 4);
            code.visitInsn(Opcodes.ARETURN);
        });

        assertThat(mayWrite(classFile, "copy")).isFalse();
    }

    @Test
    void withoutAReadableClassFileEveryMethodCountsAsWriting() {
        byte[] classFile = classWith("copy", "(Ljava/lang/String;)Ljava/lang/String;", Opcodes.ACC_PUBLIC, code -> {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitInsn(Opcodes.ARETURN);
        });
        MethodDescription copy = method(classFile, "copy");

        assertThat(ParameterWrites.of(classFile).mayWrite(copy)).isFalse();
        assertThat(ParameterWrites.of(null).mayWrite(copy)).isTrue();
        assertThat(ParameterWrites.of(new byte[] {1, 2, 3}).mayWrite(copy)).isTrue();
    }

    private static boolean mayWrite(byte[] classFile, String methodName) {
        return ParameterWrites.of(classFile).mayWrite(method(classFile, methodName));
    }

    private static MethodDescription method(byte[] classFile, String methodName) {
        TypeDescription type = TypePool.Default.of(ClassFileLocator.Simple.of(NAME, classFile)).describe(NAME).resolve();
        return type.getDeclaredMethods().stream().filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
    }

    private static byte[] classWith(String name, String descriptor, int access, Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, NAME.replace('.', '/'), null, "java/lang/Object", null);
        MethodVisitor code = writer.visitMethod(access, name, descriptor, null, null);
        code.visitCode();
        body.accept(code);
        code.visitMaxs(0, 0);
        code.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
