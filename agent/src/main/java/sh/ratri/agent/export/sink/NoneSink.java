package sh.ratri.agent.export.sink;

import sh.ratri.agent.config.SinkName;
import sh.ratri.agent.export.Batch;
import sh.ratri.agent.export.Sink;

/**
 * {@code exporter=none}: discards what the exporter hands it, to measure what tracing costs the
 * application thread. As the only sink, events never reach it (see the core's discarding outlet).
 */
final class NoneSink implements Sink {

    @Override
    public String name() {
        return SinkName.NONE.wire();
    }

    @Override
    public void write(Batch batch) {
        // discarded on purpose
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
