package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.timeline.Event;

class ConsoleSinkTest {

    private final Clock clock = Clock.now();
    private final EventJson json = new EventJson("app", "App", "monitor", clock, new IdFormat(clock.startEpochMillis()),
            new Redactor(List.of("token")), 512);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConsoleSink sink = new ConsoleSink(json, new PrintStream(printed, true, StandardCharsets.UTF_8));

    private Batch batch(int size, long firstSequence) {
        Batch batch = new Batch(size);
        for (int i = 0; i < size; i++) {
            batch.add(Event.dropped(System.nanoTime(), "main", 1, i + 1), firstSequence + i);
        }
        return batch;
    }

    @Test
    void linesWaitForTheFlushWhileFew() throws IOException {
        sink.write(batch(3, 0));
        assertThat(printed.size()).isZero();

        sink.flush();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void aBacklogWithNoFlushIsPrintedOnceTheBufferIsFull() throws IOException {
        // under a backlog the exporter never flushes: what the sink holds must stay bounded
        for (int b = 0; b < 20; b++) {
            sink.write(batch(512, b * 512L));
        }

        assertThat(printed.size()).isPositive();
        sink.flush();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(20 * 512);
    }
}
