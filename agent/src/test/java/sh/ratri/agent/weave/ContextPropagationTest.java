package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JDK classes and methods {@link ContextPropagation} rewrites so that a task handed to another
 * thread is wrapped with the context where it is handed over ({@code Bridge.wrap}), read from the
 * running JDK's own class files. What a wrapped task then runs in: {@link PropagatedContextTest}.
 */
class ContextPropagationTest {

    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";

    private final List<String> failed = new ArrayList<>();
    private final ContextPropagation propagation = new ContextPropagation((name, e) -> failed.add(name));

    /** The JDK class after the rewrite, as the bootstrap loader would hand it over. */
    private byte[] rewritten(String internalName) {
        return propagation.transform(null, internalName, null, null, LoadingJvm.classFile(internalName));
    }

    private static Map<String, List<String>> bridgeCalls(byte[] classFile) {
        return LoadingJvm.callsTo(classFile, BRIDGE);
    }

    @Test
    void threadPoolExecutorWrapsTheTaskInExecuteAndNowhereElse() {
        Map<String, List<String>> calls = bridgeCalls(rewritten("java/util/concurrent/ThreadPoolExecutor"));

        // submit, invokeAll and the scheduled executor's own tasks all reach execute
        assertThat(calls).containsExactly(Map.entry("execute(" + RUNNABLE + ")V", List.of("wrap")));
    }

    @Test
    void forkJoinPoolWrapsRunnablesInExecuteAndRecordsForkJoinTasksHandedOver() {
        Map<String, List<String>> calls = bridgeCalls(rewritten("java/util/concurrent/ForkJoinPool"));

        assertThat(calls).containsEntry("execute(" + RUNNABLE + ")V", List.of("wrap"));
        assertThat(calls).containsEntry("execute(Ljava/util/concurrent/ForkJoinTask;)V", List.of("forked"));
        assertThat(calls.values()).allSatisfy(called -> assertThat(called).containsAnyOf("wrap", "forked"));
    }

    @Test
    void everyThreadConstructorTakingARunnableWrapsItAndStartHandsTheContextToSubclasses() throws Exception {
        Map<String, List<String>> calls = bridgeCalls(rewritten("java/lang/Thread"));

        for (Constructor<?> constructor : Thread.class.getDeclaredConstructors()) {
            String descriptor = Type.getConstructorDescriptor(constructor);
            if (descriptor.contains(RUNNABLE)) {
                assertThat(calls).as(descriptor).containsEntry("<init>" + descriptor, List.of("wrap"));
            } else {
                assertThat(calls).as(descriptor).doesNotContainKey("<init>" + descriptor);
            }
        }
        assertThat(calls).containsEntry("start()V", List.of("starting"));
    }

    @Test
    void scheduledTasksWrapWhatTheyRunAtConstructionSoEveryPeriodRunsInTheSubmittersContext() {
        Map<String, List<String>> calls =
                bridgeCalls(rewritten("java/util/concurrent/ScheduledThreadPoolExecutor$ScheduledFutureTask"));

        assertThat(calls).isNotEmpty();
        calls.forEach((method, called) -> {
            assertThat(method).startsWith("<init>");
            long tasks = Arrays.stream(Type.getArgumentTypes(method.substring("<init>".length())))
                    .filter(t -> t.getDescriptor().equals(RUNNABLE) || t.getDescriptor().equals(CALLABLE)).count();
            assertThat(called).as(method).hasSize((int) tasks).containsOnly("wrap");
        });
    }

    @Test
    void forkJoinAdaptersOfCallablesWrapThem() {
        Map<String, List<String>> calls = bridgeCalls(rewritten("java/util/concurrent/ForkJoinTask$AdaptedCallable"));

        assertThat(calls).containsExactly(
                Map.entry("<init>(" + CALLABLE + ")V", List.of("wrap")));
    }

    @Test
    void everyClassOfThisJdkThatItRewritesIsNamedForLoadingFirst() throws IOException {
        List<String> rewritten = new ArrayList<>();
        Path javaBase = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base");
        for (String pkg : List.of("java/lang", "java/util/concurrent")) {
            try (Stream<Path> files = Files.list(javaBase.resolve(pkg))) {
                files.map(f -> javaBase.relativize(f).toString())
                        .filter(f -> f.endsWith(".class"))
                        .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                        .filter(ContextPropagation::rewrites)
                        .forEach(rewritten::add);
            }
        }

        // one that another thread is loading while the agent installs is rewritten only if loaded by name
        assertThat(rewritten).contains("java.util.concurrent.ThreadPoolExecutor", "java.lang.Thread");
        assertThat(ContextPropagation.rewrittenClasses()).containsAll(rewritten);
    }

    @Test
    void otherJdkClassesAreLeftAsTheyAre() {
        assertThat(rewritten("java/util/ArrayList")).isNull();
        assertThat(rewritten("java/util/concurrent/Executors")).isNull();
    }

    @Test
    void aClassOfAnApplicationLoaderIsNeverRewrittenWhateverItsName() {
        String name = "java/util/concurrent/ThreadPoolExecutor";

        assertThat(propagation.transform(getClass().getClassLoader(), name, null, null, LoadingJvm.classFile(name)))
                .isNull();
    }

    @Test
    void aClassFileItCannotReadIsReportedByNameAndLoadsUnchanged() {
        byte[] classFile = LoadingJvm.classFile("java/lang/Thread");

        byte[] out = propagation.transform(null, "java/lang/Thread", null, null,
                Arrays.copyOf(classFile, classFile.length / 2));

        assertThat(out).isNull();
        assertThat(failed).containsExactly("java.lang.Thread");
    }
}
