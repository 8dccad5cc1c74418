package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.ratri.ToolBlockedException;
import sh.ratri.agent.bootstrap.Blocked;
import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.woven.WovenShapes;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The advice that load-time weaving writes with ASM ({@link WovenMethod}), run: each shape of method
 * is woven through the transformer, defined in a fresh class loader and called, with a dispatcher
 * behind {@link Bridge} that records what the woven code hands it. The class loads, so its frames
 * verify; the calls show the advice's behaviour is {@link CallSiteAdvice}'s.
 */
class ClassFileWeavingTest {

    private static final String PUBLISHER = "org/reactivestreams/Publisher";
    private static final String CONTINUATION = "kotlin/coroutines/Continuation";

    private final CallSites callSites = new CallSites();
    private final LoadingJvm jvm = new LoadingJvm();
    private final Recorded recorded = new Recorded();
    private Weaver weaver;

    @AfterEach
    void uninstall() {
        Bridge.install(null, null);
    }

    // ---- return types ----

    @Test
    void primitiveResultsReachTheExitBoxedAndTheCallerUnchanged() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        assertThat(call(shapes, "count", 41)).isEqualTo(42);
        assertThat(recorded.exit("count")).containsExactly(42, null);
        assertThat(call(shapes, "sum", 1L, 2.5)).isEqualTo(3L);
        assertThat(recorded.exit("sum")).containsExactly(3L, null);
        assertThat(recorded.arguments("sum")).containsExactly(1L, 2.5);
        assertThat(call(shapes, "half", 5.0)).isEqualTo(2.5);
        assertThat(recorded.exit("half")).containsExactly(2.5, null);
        assertThat(call(shapes, "negate", true)).isEqualTo(false);
        assertThat(recorded.exit("negate")).containsExactly(false, null);
        assertThat(weaver.failures()).isZero();
    }

    @Test
    void voidMethodRunsItsBodyAndExitsWithNoValue() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        call(shapes, "nothing");

        assertThat(shapes.getClass().getField("calls").get(shapes)).isEqualTo(1);
        assertThat(recorded.receiver("nothing")).isSameAs(shapes);
        assertThat(recorded.exit("nothing")).containsExactly(null, null);
    }

    @Test
    void staticMethodEntersWithoutAReceiver() throws Throwable {
        Class<?> shapes = woven(WovenShapes.class);

        assertThat(shapes.getMethod("twice", String.class).invoke(null, "ab")).isEqualTo("abab");
        assertThat(recorded.receiver("twice")).isNull();
        assertThat(recorded.arguments("twice")).containsExactly("ab");
        assertThat(recorded.exit("twice")).containsExactly("abab", null);
    }

    @Test
    void upToFiveArgumentsArePassedOneByOneAndMoreInAnArray() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();
        Object object = List.of("o");

        assertThat(call(shapes, "five", "a", 2, object, 0.5, 7L)).isEqualTo("a2[o]0.57");
        assertThat(recorded.arguments("five")).containsExactly("a", 2, object, 0.5, 7L);
        assertThat(recorded.passedInArray).containsEntry("five", false);
        assertThat(call(shapes, "six", 1, "b", 3L, true, 'c', object)).isEqualTo("1b3truec[o]");
        assertThat(recorded.arguments("six")).containsExactly(1, "b", 3L, true, 'c', object);
        assertThat(recorded.passedInArray).containsEntry("six", true);
        assertThat(call(shapes, "count", 41)).isEqualTo(42);
        assertThat(recorded.passedInArray).containsEntry("count", false);
        call(shapes, "nothing"); // reads no argument: the array overload with none
        assertThat(recorded.passedInArray).containsEntry("nothing", true);
        assertThat(recorded.arguments("nothing")).isNull();
        assertThat(weaver.failures()).isZero();
    }

    // ---- bodies with handlers, branches and stores into parameters ----

    @Test
    void bodyThatCatchesItsOwnExceptionReturnsNormally() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        assertThat(call(shapes, "caught", "x")).isEqualTo("text:x");
        assertThat(recorded.exit("caught")).containsExactly("text:x", null);
        assertThat(call(shapes, "caught", "7")).isEqualTo("number:7");
    }

    @Test
    void loopsAndStoresIntoParametersKeepTheirMeaning() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        assertThat(call(shapes, "loops", 6)).isEqualTo(9L);
        assertThat(call(shapes, "reassigns", 3, "ab")).isEqualTo(9);
        assertThat(recorded.arguments("reassigns")).containsExactly(3, "ab");
        assertThat(recorded.exit("reassigns")).containsExactly(9, null);
    }

    @Test
    void methodThatStoresAnotherTypeIntoAParameterSlotVerifies() throws Throwable {
        // as the JDK's proxies do: the caught Throwable goes where the String parameter was
        byte[] classFile = generated("sh/ratri/woven/Reusing", method -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            method.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            method.visitLabel(start);
            method.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            method.visitInsn(Opcodes.DUP);
            method.visitVarInsn(Opcodes.ALOAD, 1);
            method.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                    "(Ljava/lang/String;)V", false);
            method.visitInsn(Opcodes.ATHROW);
            method.visitLabel(end);
            method.visitLabel(handler);
            method.visitVarInsn(Opcodes.ASTORE, 1);
            method.visitLdcInsn("recovered");
            method.visitInsn(Opcodes.ARETURN);
        }, "(Ljava/lang/String;)Ljava/lang/String;");
        Class<?> reusing = wovenGenerated("sh/ratri/woven/Reusing", classFile);

        Object result = reusing.getMethod("call", String.class).invoke(reusing.getConstructor().newInstance(), "x");

        assertThat(result).isEqualTo("recovered");
        assertThat(recorded.exit("call")).containsExactly("recovered", null);
    }

    @Test
    void returnThatLeavesValuesUnderItsResultVerifies() throws Throwable {
        // as the Kotlin compiler's suspend functions do: the exit's frame has an empty stack
        byte[] classFile = generated("sh/ratri/woven/Leaving", method -> {
            method.visitInsn(Opcodes.LCONST_1);
            method.visitVarInsn(Opcodes.ALOAD, 1);
            method.visitInsn(Opcodes.DUP_X2); // the string, a long, the string
            method.visitInsn(Opcodes.ARETURN);
        }, "(Ljava/lang/String;)Ljava/lang/String;");
        Class<?> leaving = wovenGenerated("sh/ratri/woven/Leaving", classFile);

        Object result = leaving.getMethod("call", String.class).invoke(leaving.getConstructor().newInstance(), "x");

        assertThat(result).isEqualTo("x");
        assertThat(recorded.exit("call")).containsExactly("x", null);
    }

    @Test
    void java6ClassFileWithoutFramesGoesToByteBuddyAndStillVerifies() throws Throwable {
        // javac 6 writes no frames; after the jump of `c ? 1 : 2` only frames tell the stack's depth
        byte[] classFile = generated(Opcodes.V1_6, "sh/ratri/woven/Java6", method -> {
            Label two = new Label();
            Label done = new Label();
            method.visitVarInsn(Opcodes.ILOAD, 1);
            method.visitJumpInsn(Opcodes.IFEQ, two);
            method.visitInsn(Opcodes.ICONST_1);
            method.visitJumpInsn(Opcodes.GOTO, done);
            method.visitLabel(two);
            method.visitInsn(Opcodes.ICONST_2);
            method.visitLabel(done);
            method.visitInsn(Opcodes.IRETURN);
        }, "(Z)I");
        ClassFileWeaving asm = new ClassFileWeaving(callSites, problem -> { }, Recognition.none(), false);

        assertThat(asm.weave(new DefiningLoader(), "sh/ratri/woven/Java6", classFile))
                .isSameAs(ClassFileWeaving.UNDECIDED);

        Class<?> java6 = wovenGenerated("sh/ratri/woven/Java6", classFile);
        Object instance = java6.getConstructor().newInstance();
        assertThat(call(instance, "call", true)).isEqualTo(1);
        assertThat(call(instance, "call", false)).isEqualTo(2);
        assertThat(recorded.exit("call")).containsExactly(2, null);
    }

    // ---- throwing, blocked ----

    @Test
    void exceptionOfTheBodyReachesTheExitAndTheCaller() throws Throwable {
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        assertThatThrownBy(() -> call(shapes, "fails", "boom"))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(recorded.exit("fails").get(0)).isNull();
        assertThat(recorded.exit("fails").get(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void blockedToolSkipsItsBodyAndThrowsTheBlock() throws Throwable {
        ToolBlockedException block = new ToolBlockedException("nothing", "rule", "no");
        recorded.blocking = site -> site.where().endsWith(".nothing") ? new Blocked("blocked-scope", block) : null;
        Object shapes = woven(WovenShapes.class).getConstructor().newInstance();

        assertThatThrownBy(() -> call(shapes, "nothing")).isSameAs(block);
        assertThat(shapes.getClass().getField("calls").get(shapes)).isEqualTo(0);
        assertThat(recorded.exits).containsExactly(List.of("blocked-scope", "null", block.toString()));
    }

    // ---- publishers and suspend functions ----

    @Test
    void publisherReturnedIsReplacedByTheOneTheRuntimeGives() throws Throwable {
        DefiningLoader loader = new DefiningLoader();
        loader.add(PUBLISHER, emptyInterface(PUBLISHER));
        byte[] classFile = generated("sh/ratri/woven/Streams", method -> {
            method.visitVarInsn(Opcodes.ALOAD, 1);
            method.visitInsn(Opcodes.ARETURN);
        }, "(L" + PUBLISHER + ";)L" + PUBLISHER + ";");
        Class<?> streams = wovenGenerated(loader, "sh/ratri/woven/Streams", classFile);
        Class<?> publisher = loader.loadClass(PUBLISHER.replace('/', '.'));
        Object original = instanceOf(publisher);
        Object replacement = instanceOf(publisher);
        recorded.publisherReplacement = replacement;
        Method call = streams.getMethod("call", publisher);

        assertThat(call.invoke(streams.getConstructor().newInstance(), original)).isSameAs(replacement);

        recorded.publisherReplacement = "not a publisher"; // the cast fails inside the advice: the original stays
        assertThat(call.invoke(streams.getConstructor().newInstance(), original)).isSameAs(original);
    }

    @Test
    void suspendFunctionGetsTheContinuationTheRuntimeWritesIntoItsArguments() throws Throwable {
        DefiningLoader loader = new DefiningLoader();
        loader.add(CONTINUATION, emptyInterface(CONTINUATION));
        byte[] classFile = generated("sh/ratri/woven/Suspending", method -> {
            method.visitVarInsn(Opcodes.ALOAD, 3); // after the long
            method.visitInsn(Opcodes.ARETURN);
        }, "(JL" + CONTINUATION + ";)Ljava/lang/Object;");
        Class<?> suspending = wovenGenerated(loader, "sh/ratri/woven/Suspending", classFile);
        Class<?> continuation = loader.loadClass(CONTINUATION.replace('/', '.'));
        Object original = instanceOf(continuation);
        Object ending = instanceOf(continuation);
        recorded.continuation = ending;

        Object returned = suspending.getMethod("call", long.class, continuation)
                .invoke(suspending.getConstructor().newInstance(), 7L, original);

        assertThat(returned).isSameAs(ending);
        assertThat(recorded.arguments("call")).containsExactly(7L, original);
        assertThat(recorded.exits).containsExactly(List.of("suspend:call", String.valueOf(ending), "null"));
    }

    // ---- weaving and defining ----

    private Class<?> woven(Class<?> type) throws ClassNotFoundException {
        return wovenGenerated(type.getName().replace('.', '/'), LoadingJvm.classFile(type));
    }

    private Class<?> wovenGenerated(String internalName, byte[] classFile) throws ClassNotFoundException {
        return wovenGenerated(new DefiningLoader(), internalName, classFile);
    }

    private Class<?> wovenGenerated(DefiningLoader loader, String internalName, byte[] classFile)
            throws ClassNotFoundException {
        weaver = new Weaver(callSites, problem -> { }, false, Recognition.none(), true);
        weaver.install(jvm.instrumentation(), false);
        Bridge.install(recorded.dispatcher(), null);
        byte[] woven = jvm.load(loader, internalName, classFile);
        assertThat(woven).isNotNull();
        loader.add(internalName, woven);
        Class<?> type = loader.loadClass(internalName.replace('/', '.'));
        type.getMethods(); // links and verifies it
        return type;
    }

    private static Object call(Object target, String name, Object... arguments) throws Throwable {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name)) {
                try {
                    return m.invoke(target, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static Object instanceOf(Class<?> anInterface) {
        return Proxy.newProxyInstance(anInterface.getClassLoader(), new Class<?>[] {anInterface},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "instance@" + System.identityHashCode(proxy);
                });
    }

    private static byte[] emptyInterface(String internalName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, internalName,
                null, "java/lang/Object", null);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A class with a constructor and one {@code @Tool} method {@code call} whose code {@code body} writes. */
    private static byte[] generated(String internalName, Consumer<MethodVisitor> body, String descriptor) {
        return generated(Opcodes.V17, internalName, body, descriptor);
    }

    /** As above, of class file version {@code version}: frames only from Java 7 on, as javac writes them. */
    private static byte[] generated(int version, String internalName, Consumer<MethodVisitor> body,
                                    String descriptor) {
        ClassWriter writer = new ClassWriter(
                version >= Opcodes.V1_7 ? ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS : ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC, "call", descriptor, null, null);
        AnnotationVisitor tool = method.visitAnnotation("Lsh/ratri/annotations/Tool;", true);
        tool.visit("name", "call");
        tool.visitEnd();
        method.visitCode();
        body.accept(method);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Defines the classes it was given itself (the woven ones first), and asks its parent for the rest. */
    private static final class DefiningLoader extends ClassLoader {
        private final Map<String, byte[]> classFiles = new HashMap<>();

        DefiningLoader() {
            super(ClassFileWeavingTest.class.getClassLoader());
        }

        void add(String internalName, byte[] classFile) {
            classFiles.put(internalName.replace('/', '.'), classFile);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && classFiles.containsKey(name)) {
                    byte[] classFile = classFiles.get(name);
                    loaded = defineClass(name, classFile, 0, classFile.length);
                }
                return loaded != null ? loaded : super.loadClass(name, resolve);
            }
        }
    }

    /** What the woven code handed the bridge, by method name. */
    private final class Recorded {
        final Map<String, Object> receivers = new HashMap<>();
        final Map<String, List<Object>> arguments = new HashMap<>();
        final Map<String, Boolean> passedInArray = new HashMap<>();
        final Map<String, List<Object>> exitsByMethod = new HashMap<>();
        final List<List<String>> exits = new ArrayList<>();
        Function<CallSite, Object> blocking = site -> null;
        Object publisherReplacement;
        Object continuation;

        Object receiver(String method) {
            return receivers.get(method);
        }

        List<Object> arguments(String method) {
            return arguments.get(method);
        }

        List<Object> exit(String method) {
            return exitsByMethod.get(method);
        }

        Bridge.Dispatcher dispatcher() {
            return (Bridge.Dispatcher) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Bridge.Dispatcher.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "enter" -> {
                            CallSite site = callSites.get((Integer) args[0]);
                            String name = site.where().substring(site.where().indexOf('.') + 1);
                            receivers.put(name, args[1]);
                            boolean inArray = method.getParameterTypes()[2] == Object[].class;
                            passedInArray.put(name, inArray);
                            arguments.put(name, !inArray ? Arrays.asList(args).subList(2, args.length)
                                    : args[2] == null ? null : Arrays.asList((Object[]) args[2]));
                            Object blocked = blocking.apply(site);
                            yield blocked != null ? blocked : name;
                        }
                        case "enterSuspend" -> {
                            CallSite site = callSites.get((Integer) args[0]);
                            Object[] call = (Object[]) args[1];
                            arguments.put("call", List.copyOf(Arrays.asList(call)));
                            call[call.length - 1] = continuation;
                            yield "suspend:" + site.where().substring(site.where().indexOf('.') + 1);
                        }
                        case "exit", "exitSuspend", "exitPublisher" -> {
                            exitsByMethod.put(String.valueOf(args[0]), Arrays.asList(args[1], args[2]));
                            exits.add(List.of(String.valueOf(args[0]), String.valueOf(args[1]), String.valueOf(args[2])));
                            yield method.getName().equals("exitPublisher") ? publisherReplacement : null;
                        }
                        default -> null;
                    });
        }
    }
}
