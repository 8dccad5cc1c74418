package sh.ratri.agent.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.sink.Sinks;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ExportTest {

    private static Export start(String args) {
        return Export.start(AgentConfig.from(args, new Properties(), Map.of()), new DroppedEvents(), Sinks.FACTORY);
    }

    @Test
    void exporterNoneAloneDiscardsOnTheApplicationThreadAndNeverDrops() {
        Export export = start("exporter=none,queue.size=16");
        try {
            for (int i = 0; i < 1_000; i++) {
                assertThat(export.outlet().offer(Event.dropped(System.nanoTime(), "main", 1, 1))).isTrue();
            }
            assertThat(export.outlet()).isInstanceOf(DiscardingOutlet.class);
        } finally {
            assertThat(export.exporter().stop(1_000)).isTrue();
        }
        assertThat(export.exporter().exported()).isZero();
    }

    @Test
    void exporterNoneBesideAnotherSinkStillQueues(@TempDir Path dir) {
        Export export = start("exporter=jsonl,none,queue.size=16,jsonl.dir=" + dir);
        try {
            assertThat(export.outlet()).isNotInstanceOf(DiscardingOutlet.class);
            assertThat(export.outlet().offer(Event.dropped(System.nanoTime(), "main", 1, 1))).isTrue();
        } finally {
            assertThat(export.exporter().stop(1_000)).isTrue();
        }
        assertThat(export.exporter().exported()).isEqualTo(1);
    }
}
