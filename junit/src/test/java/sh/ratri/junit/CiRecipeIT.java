package sh.ratri.junit;

import org.junit.jupiter.api.Test;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's CI recipe, on what this module's own Surefire run (under the agent, by its
 * {@code argLine}) wrote: the Markdown summary and the gate, as a CI job runs them after the tests.
 */
class CiRecipeIT {

    private final Path surefireEvents = Path.of(System.getProperty("ratri.surefireEvents", "target/ratri-events"));

    @Test
    void theSuiteRunUnderTheAgentPassesTheGateAndItsSummaryListsTheTests() throws Exception {
        assertThat(surefireEvents).as("written by the Surefire run under the agent (mvn verify runs it first)")
                .isDirectory();
        Path dir = surefireEvents.getParent();

        ForkedJvm.Result gate = ForkedJvm.cli(dir, "replay", surefireEvents.toString(), "--markdown",
                "ratri-summary.md", "--fail-on", "failed,blocked");

        assertThat(gate.exitCode()).as(gate.toString()).isZero();
        String summary = Files.readString(dir.resolve("ratri-summary.md"));
        assertThat(summary).contains("seesTheEscalationItsCodeHandled(RecordedTimeline)",
                "Handle urgent enterprise support escalation");
    }
}
