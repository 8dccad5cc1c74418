package sh.ratri.frameworks.rxjava;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.PipelineAssertions;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/** RxJava 3's schedulers hand work to JDK executors, so the context reaches what runs on them. */
class RxSchedulersIT {

    /** Child runs per session where the orchestrator hands over more than one. */
    private static final Map<String, Integer> WORKERS = Map.of("computation", 2, "interval", 3);

    @ParameterizedTest(name = "on JDK {0}")
    @ValueSource(ints = {17, 25})
    void workOnEverySchedulerBelongsToTheRunThatSubscribedAndPooledThreadsKeepNoContext(int jdk, @TempDir Path dir)
            throws Exception {
        ForkedJvm fork = ForkedJvm.main(RxApp.class.getName(), applicationClassPath()).in(dir);
        if (jdk == 25) {
            fork.javaHome(ForkedJvm.TEMURIN_25);
        }
        ForkedJvm.Result r = fork.run();
        assertThat(r.stdout().trim()).isEqualTo("rx done");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        for (String how : RxApp.CASES) {
            PipelineAssertions.assertWorkersUnderOrchestrator(log, how, WORKERS.getOrDefault(how, 1), false);
        }
        // io, computation and single ran traced work above: later untraced work there opens implicit sessions
        List<JsonNode> untraced = log.ofType("tool.started").stream()
                .filter(e -> "rx.untraced".equals(e.at("/attributes/tool/name").asText())).toList();
        assertThat(untraced).hasSize(3).allSatisfy(tool -> {
            JsonNode session = log.single("session.started", e -> text(tool, "sessionId").equals(text(e, "sessionId")));
            assertThat(attr(session, "kind")).isEqualTo("implicit");
            assertThat(tool.has("runId")).isFalse();
        });
        for (String type : List.of("session.started", "run.started", "tool.started")) {
            assertThat(log.ofType(type)).allSatisfy(started -> assertThat(log.endOf(started)).isNotNull());
        }
        assertThat(log.ofType("agent.dropped")).isEmpty();
    }

    /**
     * This module's test classes, RxJava and the annotations, from the class path the tests run with
     * (failsafe names it in {@code surefire.test.class.path}; {@code java.class.path} is its booter jar).
     */
    private static List<Path> applicationClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith("test-classes") || entry.contains("rxjava")
                        || entry.contains("reactive-streams") || entry.contains("ratri-annotations")
                        || entry.contains("annotations" + File.separator + "target"))
                .map(Path::of).toList();
    }
}
