package sh.ratri.agent.export;

import java.io.IOException;

/**
 * Where exported events go. Called only from the exporter thread, so a sink needs no locking; it
 * may block (disk, network) without ever slowing the application.
 */
public interface Sink {

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
