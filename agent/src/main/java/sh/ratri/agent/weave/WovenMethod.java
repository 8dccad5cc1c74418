package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;
import sh.ratri.agent.bootstrap.Bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the call-site advice into one method's code as Byte Buddy inlines {@link CallSiteAdvice},
 * with the same behaviour, for load-time weaving without Byte Buddy's set-up:
 * <pre>
 *   try { scope = Bridge.enter(id, this, argument0, …) } catch (Throwable t) { scope = null }
 *   if (scope instanceof Blocked) { returned = default; thrown = null } else
 *   try { body, each return storing returned } catch (Throwable t) { thrown = t; returned = default }
 *   try { Bridge.exit(scope, returned, thrown); thrown = Bridge.thrown(scope, thrown) } catch (Throwable t) { }
 *   if (thrown != null) throw thrown; return returned;
 * </pre>
 * The new locals (scope, returned, thrown) go after the method's own, and every frame of the body is
 * extended by the scope's slot. The frames written after the body claim nothing of the method's own
 * locals (all {@code TOP}), so a method that stores something else into a parameter's slot verifies
 * as any other; values a return leaves under the one it returns are popped first ({@link OperandStack}).
 * Methods whose code this cannot write ({@code jsr}) throw, and the class is left as it was.
 */
final class WovenMethod extends MethodVisitor {

    /**
     * What the enter passes to the bridge. With arguments: one by one, up to
     * {@link Bridge#MOST_ARGUMENTS_WITHOUT_ARRAY} of them, else in an array; suspending: always in an
     * array, which the runtime writes the continuation into.
     */
    enum Entry { WITHOUT_ARGUMENTS, WITH_ARGUMENTS, SUSPENDING }

    /** Which bridge method the exit calls. */
    enum Ending { PLAIN, PUBLISHER, SUSPENDING }

    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";
    private static final String BLOCKED = "sh/ratri/agent/bootstrap/Blocked";
    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String ENTER_WITH_ARRAY = "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V";
    /**
     * The most the advice pushes: id, receiver, the array twice, an index and a long; or id, receiver,
     * four boxed arguments and a long ({@link Bridge#MOST_ARGUMENTS_WITHOUT_ARRAY} is 5).
     */
    private static final int ADVICE_STACK = 8;

    private final boolean isStatic;
    private final Type[] parameters;
    private final Type returnType;
    private final int callSite;
    private final Entry entry;
    private final Ending ending;
    private final OperandStack stack = new OperandStack();
    private final int scopeSlot;
    private final int returnedSlot;
    private final int thrownSlot;
    private final Object[] initialLocals;

    private final Label enterStart = new Label();
    private final Label enterEnd = new Label();
    private final Label enterFailed = new Label();
    private final Label entered = new Label();
    private final Label bodyStart = new Label();
    private final Label bodyEnd = new Label();
    private final Label bodyThrew = new Label();
    private final Label blocked = new Label();
    private final Label returned = new Label();
    private final Label exit = new Label();
    private final Label exitStart = new Label();
    private final Label exitEnd = new Label();
    private final Label exitFailed = new Label();
    private final Label exited = new Label();
    private final Label returning = new Label();
    private boolean entryWritten;

    /**
     * {@code maxLocals}: the method's own, after which the advice's locals go. The class file must have
     * stack map frames (version 50 and later): the advice's code needs them, and so does {@link OperandStack}.
     */
    WovenMethod(MethodVisitor writer, String owner, int access, String descriptor, int maxLocals, int callSite,
                Entry entry, Ending ending) {
        super(OpenedClassReader.ASM_API, writer);
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.parameters = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.callSite = callSite;
        this.entry = entry;
        this.ending = ending;
        this.scopeSlot = maxLocals;
        this.returnedSlot = maxLocals + 1;
        this.thrownSlot = returnedSlot + returnType.getSize();
        List<Object> locals = new ArrayList<>();
        if (!isStatic) {
            locals.add(owner);
        }
        for (Type p : parameters) {
            locals.add(frameType(p));
        }
        this.initialLocals = locals.toArray();
    }

    // ---- enter: written before the first instruction, after the method's own exception handlers ----

    private void enter() {
        if (entryWritten) {
            return;
        }
        entryWritten = true;
        // after the method's own handlers: those of its try blocks are asked first
        super.visitTryCatchBlock(enterStart, enterEnd, enterFailed, THROWABLE);
        super.visitTryCatchBlock(bodyStart, bodyEnd, bodyThrew, THROWABLE);
        super.visitTryCatchBlock(exitStart, exitEnd, exitFailed, THROWABLE);
        super.visitLabel(enterStart);
        if (entry == Entry.SUSPENDING) {
            // the runtime may replace the continuation in the array: it is written back into the parameters
            pushArguments();
            super.visitVarInsn(Opcodes.ASTORE, scopeSlot);
            push(callSite);
            super.visitVarInsn(Opcodes.ALOAD, scopeSlot);
            bridge("enterSuspend", "(I[Ljava/lang/Object;)Ljava/lang/Object;");
            writeArgumentsBack();
        } else {
            push(callSite);
            if (isStatic) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
            if (entry == Entry.WITHOUT_ARGUMENTS) {
                super.visitInsn(Opcodes.ACONST_NULL);
                bridge("enter", ENTER_WITH_ARRAY);
            } else if (parameters.length > 0 && parameters.length <= Bridge.MOST_ARGUMENTS_WITHOUT_ARRAY) {
                pushEachArgument();
                bridge("enter", "(ILjava/lang/Object;" + "Ljava/lang/Object;".repeat(parameters.length)
                        + ")Ljava/lang/Object;");
            } else {
                pushArguments();
                bridge("enter", ENTER_WITH_ARRAY);
            }
        }
        super.visitLabel(enterEnd);
        super.visitJumpInsn(Opcodes.GOTO, entered);
        super.visitLabel(enterFailed);
        frame(initialLocals, THROWABLE);
        super.visitInsn(Opcodes.POP);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitLabel(entered);
        frame(initialLocals, OBJECT);
        super.visitVarInsn(Opcodes.ASTORE, scopeSlot);
        super.visitVarInsn(Opcodes.ALOAD, scopeSlot);
        super.visitTypeInsn(Opcodes.INSTANCEOF, BLOCKED);
        super.visitJumpInsn(Opcodes.IFNE, blocked);
        super.visitLabel(bodyStart);
    }

    /** Each argument, boxed: the bridge's overloads take them so, and no array is made per call. */
    private void pushEachArgument() {
        int slot = isStatic ? 0 : 1;
        for (Type parameter : parameters) {
            super.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
            box(parameter);
            slot += parameter.getSize();
        }
    }

    private void pushArguments() {
        push(parameters.length);
        super.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < parameters.length; i++) {
            super.visitInsn(Opcodes.DUP);
            push(i);
            super.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slot);
            box(parameters[i]);
            super.visitInsn(Opcodes.AASTORE);
            slot += parameters[i].getSize();
        }
    }

    /** The array is in the scope's slot, which holds nothing else yet. */
    private void writeArgumentsBack() {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < parameters.length; i++) {
            super.visitVarInsn(Opcodes.ALOAD, scopeSlot);
            push(i);
            super.visitInsn(Opcodes.AALOAD);
            unboxOrCast(parameters[i]);
            super.visitVarInsn(parameters[i].getOpcode(Opcodes.ISTORE), slot);
            slot += parameters[i].getSize();
        }
    }

    // ---- the body: each return becomes a jump to the exit; every frame gains the scope ----

    @Override
    public void visitInsn(int opcode) {
        enter();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            List<Integer> under = stack.under(returnType.getSize());
            if (returnType.getSort() != Type.VOID) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returnedSlot);
            }
            for (int size : under) {
                super.visitInsn(size == 2 ? Opcodes.POP2 : Opcodes.POP);
            }
            super.visitJumpInsn(Opcodes.GOTO, returned);
            return;
        }
        super.visitInsn(opcode);
        stack.insn(opcode);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        enter();
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames not expanded");
        }
        List<Object> locals = new ArrayList<>();
        int slots = 0;
        for (int i = 0; i < numLocal; i++) {
            locals.add(local[i]);
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; slots < scopeSlot; slots++) {
            locals.add(Opcodes.TOP);
        }
        locals.add(OBJECT);
        super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
        this.stack.frame(numStack, stack);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (opcode == Opcodes.JSR) {
            throw new IllegalStateException("jsr: a subroutine cannot be woven here");
        }
        enter();
        super.visitJumpInsn(opcode, label);
        stack.jumpInsn(opcode);
    }

    @Override
    public void visitLabel(Label label) {
        enter();
        super.visitLabel(label);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        enter();
        super.visitIntInsn(opcode, operand);
        stack.intInsn(opcode);
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        enter();
        super.visitVarInsn(opcode, slot);
        stack.varInsn(opcode);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        enter();
        super.visitTypeInsn(opcode, type);
        stack.typeInsn(opcode);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        enter();
        super.visitFieldInsn(opcode, owner, name, descriptor);
        stack.fieldInsn(opcode, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        enter();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        stack.invoke(descriptor, opcode != Opcodes.INVOKESTATIC);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        enter();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        stack.invoke(descriptor, false);
    }

    @Override
    public void visitLdcInsn(Object value) {
        enter();
        super.visitLdcInsn(value);
        stack.ldc(value);
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        enter();
        super.visitIincInsn(slot, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label fallback, Label... labels) {
        enter();
        super.visitTableSwitchInsn(min, max, fallback, labels);
        stack.switchInsn();
    }

    @Override
    public void visitLookupSwitchInsn(Label fallback, int[] keys, Label[] labels) {
        enter();
        super.visitLookupSwitchInsn(fallback, keys, labels);
        stack.switchInsn();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        enter();
        super.visitMultiANewArrayInsn(descriptor, dimensions);
        stack.multiANewArray(dimensions);
    }

    // ---- exit: written after the body, before the maxima ----

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        enter();
        super.visitLabel(bodyEnd);
        Object[] withScope = adviceLocals(false, false);
        super.visitLabel(blocked);
        frame(withScope, null);
        pushDefault();
        storeReturned();
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        super.visitJumpInsn(Opcodes.GOTO, exit);

        super.visitLabel(bodyThrew);
        frame(withScope, THROWABLE);
        super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        pushDefault();
        storeReturned();
        super.visitJumpInsn(Opcodes.GOTO, exit);

        super.visitLabel(returned);
        frame(adviceLocals(true, false), null);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitVarInsn(Opcodes.ASTORE, thrownSlot);

        Object[] all = adviceLocals(true, true);
        super.visitLabel(exit);
        frame(all, null);
        super.visitLabel(exitStart);
        super.visitVarInsn(Opcodes.ALOAD, scopeSlot);
        loadReturned();
        if (ending != Ending.PUBLISHER) {
            box(returnType);
        }
        super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        switch (ending) {
            case PLAIN -> bridge("exit", EXIT);
            case SUSPENDING -> bridge("exitSuspend", EXIT);
            case PUBLISHER -> {
                bridge("exitPublisher",
                        "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;");
                super.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
                storeReturned();
            }
        }
        super.visitVarInsn(Opcodes.ALOAD, scopeSlot);
        super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        bridge("thrown", "(Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Throwable;");
        super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        super.visitLabel(exitEnd);
        super.visitJumpInsn(Opcodes.GOTO, exited);
        super.visitLabel(exitFailed);
        frame(all, THROWABLE);
        super.visitInsn(Opcodes.POP); // the advice never throws into the application
        super.visitLabel(exited);
        frame(all, null);
        super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        super.visitJumpInsn(Opcodes.IFNULL, returning);
        super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        super.visitInsn(Opcodes.ATHROW);
        super.visitLabel(returning);
        frame(all, null);
        loadReturned();
        super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        super.visitMaxs(Math.max(maxStack, ADVICE_STACK), thrownSlot + 1);
    }

    /** None of the method's own locals, then the scope, and the returned value and thrown if asked. */
    private Object[] adviceLocals(boolean withReturned, boolean withThrown) {
        List<Object> locals = new ArrayList<>();
        for (int i = 0; i < scopeSlot; i++) {
            locals.add(Opcodes.TOP);
        }
        locals.add(OBJECT);
        if (withReturned && returnType.getSort() != Type.VOID) {
            locals.add(frameType(returnType));
        }
        if (withThrown) {
            locals.add(THROWABLE);
        }
        return locals.toArray();
    }

    private void frame(Object[] locals, String stackTop) {
        Object[] onStack = stackTop == null ? new Object[0] : new Object[] {stackTop};
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, onStack.length, onStack);
    }

    private void pushDefault() {
        switch (returnType.getSort()) {
            case Type.VOID -> { }
            case Type.LONG -> super.visitInsn(Opcodes.LCONST_0);
            case Type.FLOAT -> super.visitInsn(Opcodes.FCONST_0);
            case Type.DOUBLE -> super.visitInsn(Opcodes.DCONST_0);
            case Type.OBJECT, Type.ARRAY -> super.visitInsn(Opcodes.ACONST_NULL);
            default -> super.visitInsn(Opcodes.ICONST_0);
        }
    }

    private void storeReturned() {
        if (returnType.getSort() != Type.VOID) {
            super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returnedSlot);
        }
    }

    private void loadReturned() {
        if (returnType.getSort() == Type.VOID) {
            if (ending != Ending.PUBLISHER) {
                super.visitInsn(Opcodes.ACONST_NULL);
            }
        } else {
            super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), returnedSlot);
        }
    }

    private void bridge(String method, String descriptor) {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, descriptor, false);
    }

    private void push(int value) {
        if (value >= -1 && value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    /** As Byte Buddy's dynamic typing boxes: {@code Integer.valueOf} and so on; a reference stays as it is. */
    private void box(Type type) {
        Type boxed = boxed(type);
        if (boxed != null) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
                    Type.getMethodDescriptor(boxed, type), false);
        }
    }

    private void unboxOrCast(Type type) {
        Type boxed = boxed(type);
        if (boxed == null) {
            super.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
            return;
        }
        super.visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(), type.getClassName() + "Value",
                Type.getMethodDescriptor(type), false);
    }

    private static Type boxed(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN -> Type.getObjectType("java/lang/Boolean");
            case Type.CHAR -> Type.getObjectType("java/lang/Character");
            case Type.BYTE -> Type.getObjectType("java/lang/Byte");
            case Type.SHORT -> Type.getObjectType("java/lang/Short");
            case Type.INT -> Type.getObjectType("java/lang/Integer");
            case Type.FLOAT -> Type.getObjectType("java/lang/Float");
            case Type.LONG -> Type.getObjectType("java/lang/Long");
            case Type.DOUBLE -> Type.getObjectType("java/lang/Double");
            default -> null;
        };
    }

    private static Object frameType(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            default -> type.getInternalName();
        };
    }
}
