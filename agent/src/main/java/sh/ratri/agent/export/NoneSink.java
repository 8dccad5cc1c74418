package sh.ratri.agent.export;

/**
 * Discards events after they were built and queued: measures what tracing costs the application
 * thread, like OpenTelemetry's {@code exporter=none}.
 */
final class NoneSink implements Sink {

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
