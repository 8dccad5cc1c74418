package sh.ratri.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Threads without a name (virtual threads have none) appear as {@code virtual-<id>} / {@code thread-<id>}. */
class ThreadNamesIT {

    @Test
    void unnamedPlatformAndVirtualThreadsAreNamedByTheirIdsOnJdk25(@TempDir Path dir) throws Exception {
        ForkedJvm.Result r = ForkedJvm.scenario("unnamed-threads").in(dir).javaHome(ForkedJvm.TEMURIN_25).run();
        Matcher ids = Pattern.compile("platform (\\d+), virtual (\\d+)").matcher(r.stdout().trim());
        assertThat(ids.matches()).as(r.stdout()).isTrue();
        EventLog log = r.events();
        EventSchema.assertAllValid(log.all());

        List<JsonNode> tools = log.ofType("tool.started");
        assertThat(tools).extracting(e -> e.path("thread").asText())
                .containsExactly("thread-" + ids.group(1), "virtual-" + ids.group(2));
        for (JsonNode tool : tools) {
            assertThat(log.endOf(tool).path("thread").asText()).isEqualTo(tool.path("thread").asText());
        }
        assertThat(log.ofType("run.started")).extracting(e -> e.path("thread").asText()).containsExactly("main");
    }
}
