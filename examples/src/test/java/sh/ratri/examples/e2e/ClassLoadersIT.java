package sh.ratri.examples.e2e;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.PipelineAssertions.SUPPORT_OPS_OUTPUT;
import static sh.ratri.examples.support.PipelineAssertions.assertSupportOps;

/**
 * Application classes defined by loaders other than the application class loader are woven: the
 * support-ops pipeline and the Ratri annotations come from the child loader only (its parent is
 * the platform loader), and the recording is exactly the one {@code SupportOpsIT} checks. That holds
 * too for a loader that only {@code defineClass}es and serves no class files as resources.
 */
class ClassLoadersIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "child-first, sh.ratri.examples.loaders.ChildFirstClassLoader, ''",
        "nested-jar, sh.ratri.examples.loaders.NestedJarClassLoader, ', class files served as resources'",
        "nested-jar-define-only, sh.ratri.examples.loaders.NestedJarClassLoader, ', class files not served'",
    })
    void pipelineLoadedByAnotherLoaderIsRecordedLikeTheOriginal(String scenario, String loader, String suffix,
                                                               @TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario(scenario).in(dir).run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().lines()).containsExactly(
                "pipeline loaded by " + loader + ", @Session loaded by " + loader + suffix, SUPPORT_OPS_OUTPUT);
        assertThat(r.stderrLines()).singleElement().asString().startsWith("ratri: 12 events (1 session) written to");
        assertSupportOps(r.events());
    }
}
