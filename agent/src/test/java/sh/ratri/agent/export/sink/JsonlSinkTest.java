package sh.ratri.agent.export.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.AllocatedBytes;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.EventJson;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.KeyValue;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.Template;

class JsonlSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final EventJson json = EventJson.startingNow(
            AgentConfig.from("agent.key=app,agent.name=App,redact.keys=token", new Properties(), Map.of()));

    private static Batch batch(long firstSequence, long... sessionIds) {
        Batch batch = new Batch(sessionIds.length);
        for (int i = 0; i < sessionIds.length; i++) {
            batch.add(Event.dropped(System.nanoTime(), "main", sessionIds[i], i + 1), firstSequence + i);
        }
        return batch;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void noFileIsCreatedUntilTheFirstEvent() throws IOException {
        Path file = dir.resolve("ratri-events").resolve("start-1.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.flush();
        sink.close();

        assertThat(dir.resolve("ratri-events")).doesNotExist();
        assertThat(sink.summary()).isNull();
        assertThat(sink.written()).isZero();
    }

    @Test
    void firstWriteCreatesTheDirectoryAndFile() throws IOException {
        Path file = dir.resolve("a").resolve("b").resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.write(batch(0, 1, 1));
        sink.flush();

        assertThat(file).exists();
        assertThat(sink.file()).isEqualTo(file);
        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L);
        assertThat(lines).allSatisfy(e -> assertThat(e.get("schema").asText()).isEqualTo("ratri.event/v1"));
        sink.close();
    }

    @Test
    void batchesAreAppendedOneEventPerLine() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.write(batch(0, 1, 2));
        sink.write(batch(2, 2, 3, 3));
        sink.close();

        List<String> raw = Files.readAllLines(file);
        assertThat(raw).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(Files.readString(file)).endsWith("}\n");
        assertThat(lines(file)).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void anExistingFileIsAppendedToNotReplaced() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink first = new JsonlSink(file, json);
        first.write(batch(0, 1));
        first.close();

        JsonlSink second = new JsonlSink(file, json);
        second.write(batch(1, 1));
        second.close();

        assertThat(lines(file)).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L);
    }

    @Test
    void summaryCountsEventsAndSessionsAndNamesTheFile() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.write(batch(0, 1, 2, 2));
        sink.close();

        assertThat(sink.written()).isEqualTo(3);
        assertThat(sink.summary()).isEqualTo("3 events (2 sessions) written to " + file);
    }

    @Test
    void summaryCountsEachSessionOnceWhenItsEventsInterleaveWithOthersAcrossBatches() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);
        long[] sessions = new long[300];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = 1 + i % 150; // 150 sessions, each seen twice, more changes than one buffer's worth
        }

        sink.write(batch(0, sessions));
        sink.write(batch(300, sessions));
        sink.close();

        assertThat(sink.summary()).isEqualTo("600 events (150 sessions) written to " + file);
    }

    @Test
    void summarySaysSessionForOne() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.write(batch(0, 7, 7));
        sink.close();

        assertThat(sink.summary()).isEqualTo("2 events (1 session) written to " + file);
    }

    @Test
    void anEventThatCannotBeWrittenIsLeftOutAndTheRestOfTheBatchIsWritten() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);
        Batch batch = new Batch(3);
        batch.add(Event.dropped(System.nanoTime(), "main", 1, 1), 0);
        batch.add(Event.started(EventType.TOOL_STARTED, System.nanoTime(), "main", 1, 2, 0, 0, 3, null,
                new String[] {"t", "execute", "t"}, -1), 1); // no spec: cannot be written
        batch.add(Event.dropped(System.nanoTime(), "main", 1, 2), 2);

        assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(IOException.class)
                .hasMessageContaining("left out");
        sink.close();

        assertThat(sink.written()).isEqualTo(2);
        assertThat(lines(file)).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 2L);
    }

    @Test
    void aFileThatCannotBeCreatedCountsEveryEventAsLostAndStillHasASummary() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        Path file = notADirectory.resolve("ratri-events").resolve("start-1.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        assertThatThrownBy(() -> sink.write(batch(0, 1, 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> sink.write(batch(2, 1))).isInstanceOf(IOException.class);
        sink.close();

        assertThat(sink.written()).isZero();
        assertThat(sink.lost()).isEqualTo(3);
        assertThat(sink.summary()).startsWith("0 events written to " + file + "; 3 lost (could not create " + file
                + ": java.nio.file.");
    }

    @Test
    void aWarmSinkAllocatesNothingPerEventEvenForPairsAndKeptOutputs() throws IOException {
        JsonlSink sink = new JsonlSink(dir.resolve("events.jsonl"), json);
        long now = System.nanoTime();
        SessionSpec session = new SessionSpec(Template.constant("pipeline"), Template.constant("Handle"),
                List.of(new KeyValue("ticket", Template.constant("T-1")), new KeyValue("token", Template.constant("s"))));
        HandoffSpec handoff = new HandoffSpec(Template.constant("Delegate"),
                List.of(new KeyValue("priority", Template.constant("urgent"))));
        Event[] events = {
                Event.started(EventType.SESSION_STARTED, now, "main", 1, 0, 0, 0, 0, session,
                        new String[] {"pipeline", "Handle", "ticket", "T-1", "token", "s"}, -1),
                Event.handoff(EventType.HANDOFF_REQUESTED, now, "main", 1, 2, 3, 2, handoff,
                        new String[] {"Delegate", "priority", "urgent"}),
                Event.ended(EventType.RUN_ENDED, now, "main", 1, 2, 0, 0, 0, Status.COMPLETED, 1_000_000L,
                        "Draft for T-1: on it", null),
                Event.dropped(now, "ratri-exporter", 1, 4)};
        Batch batch = new Batch(512);
        long[] rounds = {0};
        double allocated = AllocatedBytes.perRun(200, 100, () -> {
            for (int i = 0; i < 512; i++) {
                batch.add(events[i % events.length], rounds[0] * 512L + i);
            }
            try {
                sink.write(batch);
                sink.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batch.clear();
            rounds[0]++;
        });
        sink.close();

        assertThat(sink.written()).isEqualTo(rounds[0] * 512);
        assertThat(allocated / 512).as("bytes per event").isLessThan(0.1);
    }

    @Test
    void eventsStillInTheBufferAreNotCountedAsWritten() throws IOException {
        Path file = dir.resolve("events.jsonl");
        JsonlSink sink = new JsonlSink(file, json);

        sink.write(batch(0, 1, 1));

        assertThat(sink.written()).isZero();
        assertThat(sink.summary()).isNull();
        sink.flush();
        assertThat(sink.written()).isEqualTo(2);
        sink.close();
    }
}
