package sh.ratri.agent.export;

import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.SessionRecorder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * In-memory recordings of sessions' events, each as the JSON object the sinks write, for code in
 * the same JVM that asserts on them (the {@code ratri-junit} extension). The exporter hands every
 * batch here first; with no recording open that costs one read per batch. A recording keeps the
 * events of its session and of the sessions opened inside it ({@code @Session} inside a test), at
 * most {@link #MAX_EVENTS}, and counts the rest.
 */
public final class SessionRecordings implements SessionRecorder {

    static final int MAX_EVENTS = 50_000;
    private static final long CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<Long, Recording> bySession = new ConcurrentHashMap<>();
    private final EventQueue queue;
    private final Exporter exporter;
    private final String unavailable;
    private volatile EventJson json;

    /** {@code unavailable}: why this export cannot record (events never reach the exporter), else null. */
    SessionRecordings(EventQueue queue, Exporter exporter, String unavailable) {
        this.queue = queue;
        this.exporter = exporter;
        this.unavailable = unavailable;
    }

    /** Set on the exporter thread once the sinks' JSON writer exists. */
    void spellWith(EventJson eventJson) {
        this.json = eventJson;
    }

    @Override
    public Object start(long sessionId) {
        if (unavailable != null) {
            return unavailable;
        }
        Recording recording = new Recording(sessionId);
        bySession.put(sessionId, recording);
        return recording;
    }

    @Override
    public Map<String, Object> read(Object recording, boolean stop) {
        Recording r = (Recording) recording;
        boolean complete = awaitExported(queue.offered());
        if (stop) {
            bySession.remove(r.sessionId, r);
            for (Long nested : r.nestedSessions()) {
                bySession.remove(nested, r);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", r.events());
        out.put("lost", r.lost());
        out.put("complete", complete);
        return out;
    }

    /** Waits until the exporter has handed over every event offered before {@code target}. */
    private boolean awaitExported(long target) {
        long deadline = System.nanoTime() + CATCH_UP_NANOS;
        exporter.wake();
        while (exporter.drained() < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    /** On the exporter thread, before the sinks: copies the events of recorded sessions. */
    void deliver(Batch batch) {
        if (bySession.isEmpty()) {
            return;
        }
        EventJson spell = json;
        for (int i = 0; i < batch.size(); i++) {
            Event event = batch.event(i);
            Recording recording = bySession.get(event.sessionId());
            if (recording == null && event.enclosingSessionId() != 0) {
                recording = bySession.get(event.enclosingSessionId());
                if (recording != null) {
                    recording.nested(event.sessionId());
                    bySession.putIfAbsent(event.sessionId(), recording);
                }
            }
            if (recording != null && spell != null) {
                try {
                    recording.add(spell.tree(event, batch.sequence(i)));
                } catch (IOException | RuntimeException e) {
                    recording.lose();
                }
            }
        }
    }

    private static final class Recording {
        final long sessionId;
        private final List<JsonObject> events = new ArrayList<>();
        private final List<Long> nested = new ArrayList<>();
        private long lost;

        Recording(long sessionId) {
            this.sessionId = sessionId;
        }

        synchronized void add(JsonObject event) {
            if (events.size() < MAX_EVENTS) {
                events.add(event);
            } else {
                lost++;
            }
        }

        synchronized void lose() {
            lost++;
        }

        synchronized void nested(long id) {
            nested.add(id);
        }

        synchronized List<Long> nestedSessions() {
            return new ArrayList<>(nested);
        }

        synchronized List<Object> events() {
            return new ArrayList<>(events);
        }

        synchronized long lost() {
            return lost;
        }
    }
}
