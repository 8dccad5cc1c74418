package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;

/**
 * The agent under what real applications do at the edges: huge return values and exceptions with
 * hostile messages. Each runs in a forked JVM under the real agent jar.
 */
class ExtremesIT {

    private static final String EXTREMES = "sh.ratri.examples.extremes.";

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
}
