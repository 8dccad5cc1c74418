package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void withoutPathsReadsRatriEventsInTheWorkingDirectory() {
        assertThat(ReplayOptions.parse(List.of()).paths()).containsExactly(Path.of("ratri-events"));
    }

    @Test
    void pathsAndOptionsMayComeInAnyOrder() {
        ReplayOptions options = ReplayOptions.parse(List.of("--json", "a.jsonl", "--session", "s-1", "dir"));

        assertThat(options.paths()).containsExactly(Path.of("a.jsonl"), Path.of("dir"));
        assertThat(options.sessionId()).isEqualTo("s-1");
        assertThat(options.json()).isTrue();
    }

    @Test
    void doubleDashTreatsTheRestAsPaths() {
        assertThat(ReplayOptions.parse(List.of("--", "--json")).paths()).containsExactly(Path.of("--json"));
    }

    @Test
    void sessionGivenTwiceIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--session", "a", "--session=b")))
                .withMessage("--session given twice");
    }

    @Test
    void sessionFollowedByAnOptionIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReplayOptions.parse(List.of("--session", "--json")))
                .withMessage("--session needs a session id");
    }
}
