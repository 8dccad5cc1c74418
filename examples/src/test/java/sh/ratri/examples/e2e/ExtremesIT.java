package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;
import static sh.ratri.examples.support.PipelineAssertions.SUPPORT_OPS_OUTPUT;
import static sh.ratri.examples.support.PipelineAssertions.assertSupportOps;

/**
 * The agent under what real applications do at the edges: annotations only at compile time, huge
 * return values, exceptions with hostile messages, deep recursion, and class loaders made by the
 * thousand. Each runs in a forked JVM under the real agent jar.
 */
class ExtremesIT {

    private static final String EXTREMES = "sh.ratri.examples.extremes.";

    /** The examples' own classes, without the annotations jar that the shaded examples jar embeds. */
    private static Path classesWithoutAnnotations() {
        Path classes = Path.of(System.getProperty("ratri.examplesClasses", "target/classes")).toAbsolutePath();
        assertThat(classes.resolve("sh/ratri/examples/supportops/Orchestrator.class")).isRegularFile();
        assertThat(classes.resolve("sh/ratri/annotations")).doesNotExist();
        return classes;
    }

    @Test
    void pipelineWhoseAnnotationsJarIsAbsentAtRunTimeIsRecordedAsWithIt(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main("sh.ratri.examples.Main", List.of(classesWithoutAnnotations()),
                "support-ops").in(dir).run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().lines()).containsExactly(SUPPORT_OPS_OUTPUT);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("ratri: 12 events (1 session) written to");
        assertSupportOps(r.events());
    }

    @Test
    void hugeReturnValuesAreSummarisedWithinMaxCharsInASmallHeap(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(EXTREMES + "HugeValues", List.of(ForkedJvm.examplesJar()))
                .jvmOption("-Xmx256m").in(dir).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("OutOfMemoryError");
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());
        byte[] blobStart = new byte[200];
        blobStart[1] = 1;
        assertThat(attr(log.endOf(log.tool("blob.download")), "outputSummary"))
                .isEqualTo(Arrays.toString(blobStart).substring(0, 512) + "…");
        assertThat(attr(log.endOf(log.tool("rows.query")), "outputSummary"))
                .isEqualTo(Collections.nCopies(200, "row").toString().substring(0, 512) + "…");
        // the whole strings would be 180 MB and 500 MB: built, they took seconds or ran out of heap
        long millis = Long.parseLong(r.stdout().replaceAll("(?s).*traced calls took (\\d+) ms.*", "$1"));
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void exceptionMessageIsReadOnTheApplicationThreadSoAStallingOneDelaysNoEvent(@TempDir Path dir)
            throws Exception {
        long start = System.nanoTime();
        ForkedJvm.Result r = ForkedJvm.main(EXTREMES + "BlockingMessage", List.of(ForkedJvm.examplesJar()))
                .in(dir).run();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().lines()).containsExactly("sum 499500");
        assertThat(r.stderrLines()).singleElement().asString()
                .startsWith("ratri: 2004 events (1 session) written to").doesNotContain("timed out");
        EventLog log = r.events();
        JsonNode failed = log.endOf(log.tool("quota.check"));
        assertThat(attr(failed, "status")).isEqualTo("failed");
        assertThat(failed.path("attributes").path("error").path("type").asText())
                .isEqualTo("sh.ratri.examples.extremes.BlockingMessage$StallingException");
        assertThat(failed.path("attributes").path("error").path("message").asText()).isEqualTo("quota exceeded");
        assertThat(log.ofType("tool.ended")).hasSize(1_001);
        assertThat(millis).as("the JVM ran while getMessage() would stall the exporter for 20 s").isLessThan(15_000);
    }

    @Test
    void adviceKeepsFourFifthsOfThePlainStackDepth(@TempDir Path dir) throws Exception {
        // the interpreter's frames: the JIT's vary from run to run, and with the agent it starts later
        int plain = maxDepth(ForkedJvm.main(EXTREMES + "DeepRecursion", List.of(ForkedJvm.examplesJar()))
                .withoutAgent().jvmOption("-Xint").in(Files.createDirectory(dir.resolve("plain"))).run());
        int traced = maxDepth(ForkedJvm.main(EXTREMES + "DeepRecursion", List.of(ForkedJvm.examplesJar()))
                .jvmOption("-Xint").in(Files.createDirectory(dir.resolve("traced"))).run());

        assertThat((double) traced / plain).as("depth %d with the agent, %d without", traced, plain)
                .isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void adviceLoadsNoClassAtTheBottomOfAnOverflowingRecursion(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(EXTREMES + "DeepRecursion", List.of(ForkedJvm.examplesJar()))
                .jvmOption("-Xlog:class+load=info:stdout:tid").in(dir).run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).doesNotContain("ASSERTION FAILED");
        String mainThread = "[" + count(r.stdout(), "main thread") + "]";
        List<String> loadedMeanwhile = new ArrayList<>();
        boolean descending = false;
        for (String line : r.stdout().lines().toList()) {
            if (line.equals("descending")) {
                descending = true;
            } else if (line.equals("ascended")) {
                break;
            } else if (descending && line.startsWith(mainThread)) {
                loadedMeanwhile.add(line);
            }
        }
        // a class loaded down there runs every class file transformer on an exhausted stack
        assertThat(loadedMeanwhile).isEmpty();
        assertThat(attr(r.events().single("session.started"), "kind")).isEqualTo("deep-recursion");
    }

    @Test
    void aSessionAfterStackOverflowsInsideTracedCallsIsExportedWhole(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(EXTREMES + "OverflowThenWork", List.of(ForkedJvm.examplesJar()))
                .jvmOption("-Xss512k").in(dir).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines()).containsExactly("sum 45");
        assertThat(r.stderrLines()).singleElement().asString().startsWith("ratri: ").doesNotContain("timed out");
        EventLog log = r.events();
        EventLog after = log.inSession(text(log.single("session.started",
                started -> "after-overflow".equals(attr(started, "kind"))), "sessionId"));
        assertThat(after.ofType("tool.ended")).hasSize(10)
                .allSatisfy(ended -> assertThat(attr(ended, "status")).isEqualTo("completed"));
        assertThat(after.ofType("session.ended")).hasSize(1);
    }

    @Test
    void callSitesOfCollectedClassLoadersAreReleased(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(EXTREMES + "ManyLoaders", List.of(ForkedJvm.examplesJar()), "500")
                .in(dir).run();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines()).contains("loaders 505");
        assertThat(count(r.stdout(), "CallSite instances")).isLessThan(100);
        assertThat(count(r.stdout(), "Template instances")).isLessThan(500);
        assertThat(r.events().ofType("tool.ended")).hasSize(505);
    }

    private static int maxDepth(ForkedJvm.Result r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return (int) count(r.stdout(), "max depth");
    }

    private static long count(String stdout, String label) {
        return stdout.lines().filter(line -> line.startsWith(label + " ")).findFirst()
                .map(line -> Long.parseLong(line.substring(label.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no '" + label + "' in " + stdout));
    }
}
