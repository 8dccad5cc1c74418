package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Context for work that runs its own code rather than a {@code Runnable} the agent could wrap:
 * fork/join tasks ({@code RecursiveTask}, {@code RecursiveAction}, {@code CountedCompleter}) and
 * {@code Thread} subclasses that override {@code run()}. Where such an object is handed over
 * ({@code ForkJoinTask.fork()}, {@code ForkJoinPool.submit/execute/invoke…(ForkJoinTask)},
 * {@code Thread.start()}) the bridge records the current context for it; a fork/join task's
 * {@code exec()} runs in that context and restores the thread's own on every exit, and a thread takes
 * it at its first traced call. Only method bodies change, as retransformation requires.
 */
final class SelfRunningTasks {

    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";
    private static final String FORK_JOIN_TASK = "Ljava/util/concurrent/ForkJoinTask;";
    private static final String TAKES_OBJECT = "(Ljava/lang/Object;)V";

    private static final List<String> HANDS_OVER = List.of("java.util.concurrent.ForkJoinTask",
            "java.util.concurrent.ForkJoinPool", "java.lang.Thread");
    /** The fork/join task kinds whose {@code exec()} is final and only calls the user's {@code compute()}. */
    private static final List<String> RUNS_FORKED = List.of("java.util.concurrent.RecursiveTask",
            "java.util.concurrent.RecursiveAction", "java.util.concurrent.CountedCompleter");

    private SelfRunningTasks() {
    }

    /** The JDK classes this rewrites; dotted names. */
    static List<String> rewrittenClasses() {
        List<String> names = new ArrayList<>(HANDS_OVER);
        names.addAll(RUNS_FORKED);
        return names;
    }

    static boolean rewrites(String className) {
        return handsOver(className) || runsForked(className);
    }

    private static boolean handsOver(String className) {
        return HANDS_OVER.contains(className);
    }

    private static boolean runsForked(String className) {
        return RUNS_FORKED.contains(className);
    }

    /**
     * The visitor that rewrites {@code className}'s hand-over or {@code exec()} methods, in front of
     * {@code next}; {@code next} itself when the class has nothing to rewrite here.
     */
    static ClassVisitor visitor(String className, byte[] classFile, ClassVisitor next) {
        if (handsOver(className)) {
            return new RecordHandOver(next, className);
        }
        if (runsForked(className)) {
            ExecShape shape = ExecShape.of(classFile);
            if (!shape.straightLine) {
                throw new IllegalStateException(className + ".exec() has branches: its context would need stack "
                        + "map frames rewritten");
            }
            return new RunExecInForkContext(next, shape.maxLocals);
        }
        return next;
    }

    /** Inserts {@code Bridge.forked(task)} or {@code Bridge.starting(this)} at the start of the hand-over methods. */
    private static final class RecordHandOver extends ClassVisitor {
        private final String className;

        RecordHandOver(ClassVisitor next, String className) {
            super(OpenedClassReader.ASM_API, next);
            this.className = className;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & Opcodes.ACC_STATIC) != 0) {
                return next;
            }
            switch (className) {
                case "java.util.concurrent.ForkJoinTask":
                    return name.equals("fork") && descriptor.startsWith("()")
                            ? new CallAtEntry(next, new int[] {0}, "forked", TAKES_OBJECT) : next;
                case "java.util.concurrent.ForkJoinPool":
                    int[] tasks = forkJoinTaskSlots(descriptor);
                    return (access & Opcodes.ACC_PUBLIC) != 0 && tasks.length > 0
                            ? new CallAtEntry(next, tasks, "forked", TAKES_OBJECT) : next;
                default: // java.lang.Thread: start() and, on JDK 21+, start(ThreadContainer)
                    return name.equals("start") && descriptor.endsWith(")V")
                            ? new CallAtEntry(next, new int[] {0}, "starting", "(Ljava/lang/Thread;)V") : next;
            }
        }

        private static int[] forkJoinTaskSlots(String descriptor) {
            Type[] parameters = Type.getArgumentTypes(descriptor);
            int[] slots = new int[parameters.length];
            int found = 0;
            int slot = 1;
            for (Type parameter : parameters) {
                if (parameter.getDescriptor().equals(FORK_JOIN_TASK)) {
                    slots[found++] = slot;
                }
                slot += parameter.getSize();
            }
            return Arrays.copyOf(slots, found);
        }
    }

    /** {@code Bridge.<method>(local)} for each of the given local slots, before the method's own code. */
    private static final class CallAtEntry extends MethodVisitor {
        private final int[] slots;
        private final String method;
        private final String descriptor;

        CallAtEntry(MethodVisitor next, int[] slots, String method, String descriptor) {
            super(OpenedClassReader.ASM_API, next);
            this.slots = slots;
            this.method = method;
            this.descriptor = descriptor;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (int slot : slots) {
                super.visitVarInsn(Opcodes.ALOAD, slot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, descriptor, false);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }

    /**
     * {@code exec()} becomes {@code Object previous = Bridge.enterForked(this); try { <body> } finally
     * { Bridge.exitForked(previous); }}. The body has no branches (checked by {@link ExecShape}), so it
     * carries no stack map frames that would need the new local: the handler's frame is the only one.
     */
    private static final class RunExecInForkContext extends ClassVisitor {
        private final int previousSlot;
        private String owner;

        RunExecInForkContext(ClassVisitor next, int maxLocals) {
            super(OpenedClassReader.ASM_API, next);
            this.previousSlot = maxLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return ExecShape.isExec(access, name, descriptor) ? new EnterAndExit(next, owner, previousSlot) : next;
        }
    }

    private static final class EnterAndExit extends MethodVisitor {
        private final String owner;
        private final int previousSlot;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        EnterAndExit(MethodVisitor next, String owner, int previousSlot) {
            super(OpenedClassReader.ASM_API, next);
            this.owner = owner;
            this.previousSlot = previousSlot;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enterForked",
                    "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            super.visitVarInsn(Opcodes.ASTORE, previousSlot);
            super.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                exit();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(end);
            super.visitLabel(handler);
            Object[] locals = new Object[previousSlot + 1];
            Arrays.fill(locals, Opcodes.TOP);
            locals[0] = owner;
            locals[previousSlot] = "java/lang/Object";
            super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            exit(); // the throwable stays on the stack beneath
            super.visitInsn(Opcodes.ATHROW);
            // registered last, so the body's own handlers (none today) would still come first
            super.visitTryCatchBlock(start, end, handler, null);
            super.visitMaxs(Math.max(maxStack, 2), Math.max(maxLocals, previousSlot + 1));
        }

        private void exit() {
            super.visitVarInsn(Opcodes.ALOAD, previousSlot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exitForked", TAKES_OBJECT, false);
        }
    }

    /** What a first reading tells of {@code exec()}: its locals, and whether it is straight-line code. */
    private static final class ExecShape extends ClassVisitor {
        int maxLocals = -1;
        boolean straightLine = true;

        private ExecShape() {
            super(OpenedClassReader.ASM_API);
        }

        static ExecShape of(byte[] classFile) {
            ExecShape shape = new ExecShape();
            OpenedClassReader.of(classFile).accept(shape, ClassReader.SKIP_DEBUG);
            if (shape.maxLocals < 0) {
                shape.straightLine = false; // no exec() with code: nothing this rewrite understands
            }
            return shape;
        }

        static boolean isExec(int access, String name, String descriptor) {
            return name.equals("exec") && descriptor.equals("()Z") && (access & Opcodes.ACC_ABSTRACT) == 0;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (!isExec(access, name, descriptor)) {
                return null;
            }
            return new MethodVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    straightLine = false;
                }

                @Override
                public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                    straightLine = false;
                }

                @Override
                public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                    straightLine = false;
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    straightLine = false;
                }

                @Override
                public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                    straightLine = false;
                }

                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals = locals;
                }
            };
        }
    }
}
