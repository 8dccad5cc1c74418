package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.json.JsonObject;

class RecordedEventTest {

    private static RecordedEvent at(String timestamp) throws RecordedEvent.InvalidEvent {
        return RecordedEvent.fromJson(new JsonObject().with("type", "session.started").with("sessionId", "s-1")
                .with("timestamp", timestamp));
    }

    @Test
    void timestampsReadAsTheJdkParsersReadThem() throws Exception {
        for (String timestamp : List.of("2026-11-25T03:56:48.017123Z", "2026-11-25T03:56:48Z", "2026-11-25T03:56:48.5Z",
                "2026-11-25T03:56:48.123456789Z", "2024-02-29T23:59:59.999999Z", "1970-01-01T00:00:00.000001Z",
                "0001-01-01T00:00:00Z", "2026-11-25T04:56:48.017+01:00", "2026-11-25T03:56:48.017123+00:00",
                "2026-11-25T24:00:00Z", "2026-11-25T03:56:48.Z")) {
            Instant expected;
            try {
                expected = Instant.parse(timestamp);
            } catch (DateTimeParseException offset) {
                expected = OffsetDateTime.parse(timestamp).toInstant();
            }
            assertThat(at(timestamp).timestamp()).as(timestamp).isEqualTo(expected);
        }
    }

    @Test
    void impossibleTimestampsAreInvalidEvents() {
        for (String timestamp : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-25T25:00:00Z",
                "2026-11-25T03:56:48.1234567890Z", "2026-11-25 03:56:48Z", "yesterday")) {
            assertThatThrownBy(() -> at(timestamp)).as(timestamp).isInstanceOf(RecordedEvent.InvalidEvent.class)
                    .hasMessage("bad timestamp " + timestamp);
        }
    }
}
