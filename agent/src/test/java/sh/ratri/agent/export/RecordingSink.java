package sh.ratri.agent.export;

import java.util.ArrayList;
import java.util.List;
import sh.ratri.agent.timeline.Event;

/** Keeps a copy of what it was given: the batch itself is reused by the exporter. */
class RecordingSink implements Sink {

    final List<Event> events = new ArrayList<>();
    final List<Long> sequences = new ArrayList<>();
    volatile int flushes;
    volatile int closes;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public synchronized void write(Batch batch) {
        for (int i = 0; i < batch.size(); i++) {
            events.add(batch.event(i).copy()); // the queue writes its slots again
            sequences.add(batch.sequence(i));
        }
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closes++;
    }

    synchronized int size() {
        return events.size();
    }
}
