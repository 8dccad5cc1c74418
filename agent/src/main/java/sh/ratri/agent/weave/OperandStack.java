package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes (one or two slots) of the values on a method's operand stack, followed instruction by
 * instruction from the method's expanded frames, so that {@link WovenMethod} can empty the stack
 * under a returned value before it jumps to the exit: a {@code return} may leave values below the
 * one it returns (the Kotlin compiler's suspend functions do), and the exit's frame has none. After
 * an unconditional jump the next instruction always has a frame (class files of version 50 on),
 * which says what the stack holds there.
 */
final class OperandStack {

    private final List<Integer> sizes = new ArrayList<>();

    /** The stack a frame declares ({@code Opcodes.LONG} and {@code DOUBLE} take two slots). */
    void frame(int numStack, Object[] stack) {
        sizes.clear();
        for (int i = 0; i < numStack; i++) {
            sizes.add(stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1);
        }
    }

    /** The sizes of the values under the top {@code keptSlots} (the returned value), topmost first. */
    List<Integer> under(int keptSlots) {
        List<Integer> under = new ArrayList<>();
        int i = sizes.size() - 1;
        for (int kept = 0; kept < keptSlots && i >= 0; i--) {
            kept += sizes.get(i);
        }
        for (; i >= 0; i--) {
            under.add(sizes.get(i));
        }
        return under;
    }

    void insn(int opcode) {
        switch (opcode) {
            case Opcodes.NOP, Opcodes.SWAP, Opcodes.INEG, Opcodes.LNEG, Opcodes.FNEG, Opcodes.DNEG, Opcodes.I2F,
                 Opcodes.F2I, Opcodes.L2D, Opcodes.D2L, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S, Opcodes.ATHROW,
                 Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN,
                 Opcodes.RETURN -> { }
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2,
                 Opcodes.ICONST_3, Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1,
                 Opcodes.FCONST_2 -> push(1);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> push(2);
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD,
                 Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV,
                 Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND,
                 Opcodes.IOR, Opcodes.IXOR, Opcodes.FCMPL, Opcodes.FCMPG -> replace(2, 1);
            case Opcodes.LALOAD, Opcodes.DALOAD -> replace(2, 2);
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                 Opcodes.SASTORE -> pop(3);
            case Opcodes.LASTORE, Opcodes.DASTORE -> pop(4);
            case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> pop(1);
            case Opcodes.POP2 -> pop(2);
            case Opcodes.DUP -> duplicate(1, 0);
            case Opcodes.DUP_X1 -> duplicate(1, 1);
            case Opcodes.DUP_X2 -> duplicate(1, 2);
            case Opcodes.DUP2 -> duplicate(2, 0);
            case Opcodes.DUP2_X1 -> duplicate(2, 1);
            case Opcodes.DUP2_X2 -> duplicate(2, 2);
            case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV,
                 Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> replace(4, 2);
            case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR -> replace(3, 2);
            case Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D -> replace(1, 2);
            case Opcodes.L2I, Opcodes.L2F, Opcodes.D2I, Opcodes.D2F -> replace(2, 1);
            case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> replace(4, 1);
            case Opcodes.ARRAYLENGTH -> replace(1, 1);
            default -> throw new IllegalStateException("unknown opcode " + opcode);
        }
    }

    void intInsn(int opcode) {
        if (opcode == Opcodes.NEWARRAY) {
            replace(1, 1);
        } else {
            push(1);
        }
    }

    void varInsn(int opcode) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> push(1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> push(2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> pop(1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> pop(2);
            default -> { } // RET
        }
    }

    void typeInsn(int opcode) {
        if (opcode == Opcodes.NEW) {
            push(1);
        } else {
            replace(1, 1);
        }
    }

    void fieldInsn(int opcode, String descriptor) {
        int size = Type.getType(descriptor).getSize();
        switch (opcode) {
            case Opcodes.GETSTATIC -> push(size);
            case Opcodes.PUTSTATIC -> pop(size);
            case Opcodes.GETFIELD -> replace(1, size);
            default -> pop(size + 1);
        }
    }

    /** {@code receiver}: the call takes one ({@code invokevirtual}, {@code invokespecial}, {@code invokeinterface}). */
    void invoke(String descriptor, boolean receiver) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        pop((sizes >> 2) - 1 + (receiver ? 1 : 0));
        push(sizes & 0x3);
    }

    void switchInsn() {
        pop(1);
    }

    void multiANewArray(int dimensions) {
        replace(dimensions, 1);
    }

    void jumpInsn(int opcode) {
        if (opcode >= Opcodes.IF_ICMPEQ && opcode <= Opcodes.IF_ACMPNE) {
            pop(2);
        } else if (opcode != Opcodes.GOTO) {
            pop(1);
        }
    }

    void ldc(Object value) {
        boolean wide = value instanceof Long || value instanceof Double
                || value instanceof ConstantDynamic c && c.getSize() == 2;
        push(wide ? 2 : 1);
    }

    void pop(int slots) {
        while (slots > 0 && !sizes.isEmpty()) {
            slots -= sizes.remove(sizes.size() - 1);
        }
    }

    private void push(int size) {
        if (size > 0) {
            sizes.add(size);
        }
    }

    private void replace(int popped, int pushed) {
        pop(popped);
        push(pushed);
    }

    /** The {@code dup} family: the top {@code topSlots} copied below the next {@code belowSlots}. */
    private void duplicate(int topSlots, int belowSlots) {
        List<Integer> top = take(topSlots);
        List<Integer> below = take(belowSlots);
        sizes.addAll(top);
        sizes.addAll(below);
        sizes.addAll(top);
    }

    private List<Integer> take(int slots) {
        List<Integer> taken = new ArrayList<>();
        while (slots > 0 && !sizes.isEmpty()) {
            int size = sizes.remove(sizes.size() - 1);
            taken.add(0, size);
            slots -= size;
        }
        return taken;
    }
}
