package sh.ratri.agent.export;

import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.HandoffSpec;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.RunSpec;
import sh.ratri.agent.timeline.SessionSpec;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.Template;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.timeline.ToolSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the {@code jsonl} sink on one thread, driving the export classes directly (it lives
 * in their package for that; at run time they come from the shaded agent jar, attached with
 * {@code exporter=none} so that its bridge classes are in the bootstrap loader as in real use):
 * real events from the support-ops pipeline, made by the real {@link Timeline}, serialised by
 * {@link EventJson} into a {@link JsonlSink} in batches as the exporter hands them over.
 * Then the same through {@link EventQueue} and the {@link Exporter} thread, fed by one producer.
 *
 * <pre>java -javaagent:ratri-agent.jar=exporter=none -cp ratri-benchmarks.jar \
 *     sh.ratri.agent.export.JsonlSinkThroughput [DIR] [EVENTS]</pre>
 */
public final class JsonlSinkThroughput {

    private static final int BATCH = 512;
    /** The machine is shared: CPU time says what one core does, wall time what this run got. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        long events = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        Event[] sample = pipelineEvents(200);
        EventJson json = new EventJson("support-ops-orchestrator", "support-ops-orchestrator", "monitor",
                Clock.now(), new IdFormat(System.currentTimeMillis()),
                new Redactor(List.of("password", "secret", "token", "apiKey", "authorization")), 512);

        for (int round = 0; round < 3; round++) {
            Path file = Files.createTempFile(dir, "ratri-sink-", ".jsonl");
            Files.delete(file);
            sinkOnly(json, sample, file, events / 5, false); // warm-up
            Files.deleteIfExists(file);
            long cpu = CPU.getCurrentThreadCpuTime();
            long nanos = sinkOnly(json, sample, file, events, true);
            cpu = CPU.getCurrentThreadCpuTime() - cpu;
            long bytes = Files.size(file);
            Files.delete(file);
            System.out.printf("jsonl sink (1 thread, file):            %,.0f events/s (%,.0f per CPU-second)  %.1f bytes/event%n",
                    events * 1e9 / nanos, events * 1e9 / cpu, bytes / (double) events);
            cpu = CPU.getCurrentThreadCpuTime();
            long devNull = sinkOnly(json, sample, Path.of("/dev/null"), events, true);
            cpu = CPU.getCurrentThreadCpuTime() - cpu;
            System.out.printf("jsonl sink (1 thread, /dev/null):       %,.0f events/s (%,.0f per CPU-second)%n",
                    events * 1e9 / devNull, events * 1e9 / cpu);
            long piped = exporter(json, sample, file, events);
            Files.delete(file);
            System.out.printf("queue → exporter thread → jsonl (file): %,.0f events/s%n", events * 1e9 / piped);
        }
    }

    private static long sinkOnly(EventJson json, Event[] sample, Path file, long events, boolean close)
            throws Exception {
        JsonlSink sink = new JsonlSink(file, json);
        Batch batch = new Batch(BATCH);
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            batch.add(sample[(int) (i % sample.length)], i);
            if (batch.isFull()) {
                sink.write(batch);
                batch.clear();
            }
        }
        if (batch.size() > 0) {
            sink.write(batch);
            batch.clear();
        }
        sink.flush();
        long nanos = System.nanoTime() - start;
        sink.close();
        return nanos;
    }

    private static long exporter(EventJson json, Event[] sample, Path file, long events) {
        EventQueue<Event> queue = new EventQueue<>(65536);
        Exporter exporter = new Exporter(queue, new DroppedEvents(), List.of(new JsonlSink(file, json)));
        exporter.start();
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            Event e = sample[(int) (i % sample.length)];
            while (!queue.offer(e)) {
                Thread.onSpinWait();
            }
        }
        exporter.stop(600_000);
        long nanos = System.nanoTime() - start;
        if (exporter.exported() != events) {
            throw new IllegalStateException("exported " + exporter.exported() + " of " + events);
        }
        return nanos;
    }

    /** {@code iterations} of the support-ops pipeline, recorded by the real timeline: 12 events each. */
    static Event[] pipelineEvents(int iterations) {
        CallSites sites = new CallSites();
        int session = sites.register(new CallSite("SupportOpsPipeline.handle",
                new SessionSpec(c("pipeline"), c("Handle urgent enterprise support escalation"),
                        List.of(new SessionSpec.KeyValue("triggerKind", c("support_escalation")))),
                null, null, null, null));
        int run = sites.register(new CallSite("Orchestrator.orchestrate", null, null,
                new RunSpec(c("orchestrator"), c("Orchestrator"), 0, c("orchestrator"), false), null, null));
        int step = sites.register(new CallSite("Orchestrator.triageTicket", null, null, null,
                new StepSpec(c("triage-ticket"), c("Triage ticket"), 1), null));
        int handoff = sites.register(new CallSite("Orchestrator.delegate", null,
                new HandoffSpec(c("Delegate customer response draft"),
                        List.of(new SessionSpec.KeyValue("ticketId", c("SUP-123")),
                                new SessionSpec.KeyValue("priority", c("urgent")))),
                null, null, null));
        int child = sites.register(new CallSite("ResponseWorker.draftResponse", null, null,
                new RunSpec(c("response-worker"), c("Response worker"), 2, c("worker"), true), null, null));
        int tool = sites.register(new CallSite("SupportTools.composeReply", null, null, null, null,
                new ToolSpec(c("support.compose_reply"), "low", c("write"), c("support.compose_reply"),
                        c("work_item"), c("SUP-123"))));
        List<Event> out = new ArrayList<>();
        Timeline timeline = new Timeline(sites, out::add, new DroppedEvents(), new Ids(System.nanoTime()), true, 512);
        String reply = "Draft for SUP-123: Hello Acme Corp, We are on it right now.";
        for (int i = 0; i < iterations; i++) {
            Object s = timeline.enter(session, null);
            Object r = timeline.enter(run, null);
            timeline.exit(timeline.enter(step, null), "urgent", null);
            Object h = timeline.enter(handoff, null);
            Object c = timeline.enter(child, null);
            timeline.exit(timeline.enter(tool, null), reply, null);
            timeline.exit(c, reply, null);
            timeline.exit(h, reply, null);
            timeline.exit(r, reply, null);
            timeline.exit(s, reply, null);
        }
        return out.toArray(new Event[0]);
    }

    private static Template c(String text) {
        return Template.constant(text);
    }
}
