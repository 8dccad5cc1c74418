package sh.ratri.agent.weave;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.HashSet;
import java.util.Set;

/**
 * Which methods of a class file store into one of their own parameter slots. javac never does, but
 * other compilers and generators do: the JDK's proxies put the Throwable they catch where a
 * parameter was. The exit advice may skip Byte Buddy's argument backup only for a method that
 * leaves its parameters alone; otherwise the frame Byte Buddy writes for the exit handler claims a
 * slot still holds its parameter's type, and the JVM rejects the class with a VerifyError.
 */
final class ParameterWrites {

    /** Every method counts as writing: the class file was not at hand or could not be read. */
    static final ParameterWrites UNKNOWN = new ParameterWrites(null);

    /** {@code name + descriptor} of the methods that store into a parameter slot; null when unknown. */
    private final Set<String> writing;

    private ParameterWrites(Set<String> writing) {
        this.writing = writing;
    }

    /** The scan of {@code classFile}, or {@link #UNKNOWN} when it is null or unreadable. */
    static ParameterWrites of(byte[] classFile) {
        if (classFile == null) {
            return UNKNOWN;
        }
        try {
            Set<String> writing = new HashSet<>();
            OpenedClassReader.of(classFile).accept(new Scan(writing), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return new ParameterWrites(writing);
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** False only when the method's bytecode was read and never stores into a parameter slot. */
    boolean mayWrite(MethodDescription method) {
        return writing == null || writing.contains(method.getInternalName() + method.getDescriptor());
    }

    private static final class Scan extends ClassVisitor {
        private final Set<String> writing;

        Scan(Set<String> writing) {
            super(OpenedClassReader.ASM_API);
            this.writing = writing;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            int parameterSlots = (Type.getArgumentsAndReturnSizes(descriptor) >> 2)
                    - ((access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
            String method = name + descriptor;
            return new MethodVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visitVarInsn(int opcode, int slot) {
                    if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && slot < parameterSlots) {
                        writing.add(method);
                    }
                }

                @Override
                public void visitIincInsn(int slot, int increment) {
                    if (slot < parameterSlots) {
                        writing.add(method);
                    }
                }
            };
        }
    }
}
