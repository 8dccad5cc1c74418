package sh.ratri.junit;

import org.junit.jupiter.api.Test;
import sh.ratri.junit.fixture.FixtureLauncher;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Failsafe runs this without the agent: a test that asks for a timeline fails and says what to do. */
class NoAgentIT {

    @Test
    void aTestThatAsksForItsTimelineFailsWithTheReasonOthersRun() {
        List<String> results = FixtureLauncher.run(false, "TimelineWantingFixture");

        assertThat(results).containsExactlyInAnyOrder(
                "RESULT FAILED [engine:junit-jupiter]/[class:sh.ratri.junit.fixture.TimelineWantingFixture]/"
                        + "[method:wantsItsTimeline(sh.ratri.junit.RecordedTimeline)] No RecordedTimeline for "
                        + "wantsItsTimeline(RecordedTimeline): the Ratri agent is not attached to this JVM: start it "
                        + "with -javaagent:/path/to/ratri-agent.jar (Maven Surefire: <argLine>; Gradle: test { jvmArgs })",
                "RESULT SUCCESSFUL [engine:junit-jupiter]/[class:sh.ratri.junit.fixture.TimelineWantingFixture]/"
                        + "[method:asksForNothing()] ");
    }
}
