package sh.ratri.agent.export;

import java.io.IOException;

/**
 * Where exported events go. Called only from the exporter thread, so a sink needs no locking; it
 * may block (disk, network) without ever slowing the application.
 *
 * <p>A throw from any method is reported (each distinct message once) as {@code ratri: <name()> failed: …} and the exporter
 * carries on with the next batch and the other sinks: the events of that call are lost for this
 * sink alone, and a sink that counts its own losses should catch rather than throw. The batch
 * handed to {@link #write} is reused for the next one as soon as the call returns, and its events
 * are the export queue's slots, written again by the application: a sink that keeps events for
 * later copies what it needs.
 */
public interface Sink {

    /** The name the user set in {@code exporter=} ({@code jsonl}, not {@code JsonlSink}), for messages. */
    String name();

    void write(Batch batch) throws IOException;

    /** Called when the queue ran dry, and at exit. */
    void flush() throws IOException;

    /**
     * Called every few milliseconds while the queue is empty, so a sink that batches by time can
     * send what it holds even when no further event arrives.
     */
    default void idle() throws IOException {
    }

    void close() throws IOException;

    /** One line for the exit summary, or null when this sink has nothing to say. */
    default String summary() {
        return null;
    }
}
