package sh.ratri.agent;

import sh.ratri.agent.bootstrap.Bridge;
import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.export.Export;
import sh.ratri.agent.export.Sink;
import sh.ratri.agent.export.sink.JsonlSink;
import sh.ratri.agent.export.sink.Sinks;
import sh.ratri.agent.policy.Policy;
import sh.ratri.agent.pricing.Pricing;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.weave.Weaver;
import sh.ratri.agent.weave.recognize.JUnitJupiter;
import sh.ratri.agent.weave.reactor.ReactorPublishers;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.agent.weave.recognize.SpringAi;
import sh.ratri.agent.weave.recognize.WeaveRules;

import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;

/** Wires config → weave → timeline → export together once, and flushes at JVM exit. */
final class AgentRuntime {

    private static final long EXIT_FLUSH_MILLIS = 3_000;

    private static volatile boolean started;

    private AgentRuntime() {
    }

    static void start(AgentConfig config, Instrumentation instrumentation, boolean attached) {
        if (started) {
            return;
        }
        started = true;
        // Byte Buddy's Unsafe-based class injector makes JDK 24+ print "terminally deprecated" warnings;
        // the agent injects no classes through it. Shading relocates this name to the agent's own copy.
        System.setProperty("net.bytebuddy.safe", "true");
        // one instance for every reader of files and rules: each method reference spins a class
        Consumer<String> problems = System.err::println;
        CallSites callSites = new CallSites();
        DroppedEvents dropped = new DroppedEvents();
        Export export = Export.unstarted(config, dropped, Sinks.FACTORY);
        Timeline timeline = new Timeline(callSites, export.outlet(), dropped, new Ids(System.nanoTime()),
                config.captureIo(), config.captureMaxChars(), export.ids(), Policy.load(config, problems));
        timeline.endPublishersWith(new ReactorPublishers(instrumentation));
        timeline.priceWith(Pricing.load(config.pricing(), problems));
        timeline.readTestsWith(new JUnitJupiter.Tests());
        timeline.recordSessionsWith(export.recordings());
        Bridge.install(timeline, timeline.explicitApi());
        Recognition recognition = new Recognition(config.recognize());
        recognition.install(SpringAi.KEY, SpringAi.Tools::new);
        if (!config.weave().isEmpty()) {
            recognition.add(WeaveRules.load(config.weave(), problems));
        }
        Weaver weaver = new Weaver(callSites, problems, config.debug(), recognition,
                config.captureIo());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> atExit(export, dropped, weaver), "ratri-shutdown"));
        if (attached) {
            // attaching retransforms the whole application, whose woven calls emit at once: drain
            // meanwhile. The application's threads are alive, so the rewriting of JDK executors
            // waits for any such class loading (see LoadedClasses), the exporter's included
            export.exporter().start();
        }
        try {
            weaver.install(instrumentation, attached);
        } finally {
            if (!attached) {
                // only now: building the sinks loads JDK executor classes (ProcessHandle makes a
                // ThreadPoolExecutor), and one that is loading while their rewriting is installed
                // would miss it (see LoadedClasses). Even when installing failed: what was installed
                // emits, and the exit hook stops the exporter
                export.exporter().start();
            }
        }
        if (config.debug()) {
            System.err.println("ratri: agent started (mode " + config.mode().wire() + ", exporter "
                    + String.join(",", config.exporters()) + ")");
        }
    }

    /** Flushes within a bounded time and says where the events went; silent when nothing was traced. */
    private static void atExit(Export export, DroppedEvents dropped, Weaver weaver) {
        boolean complete = export.exporter().stop(EXIT_FLUSH_MILLIS);
        for (Sink sink : export.exporter().sinks()) {
            String summary = sink.summary();
            if (summary == null) {
                continue;
            }
            StringBuilder line = new StringBuilder("ratri: ").append(summary);
            if (dropped.total() > 0) {
                line.append("; ").append(dropped.total()).append(" dropped (queue full, raise queue.size)");
            }
            if (weaver.failures() > 0) {
                line.append("; ").append(weaver.failures())
                        .append(" classes could not be woven, their calls are missing (debug=true names them)");
            }
            if (!complete) {
                line.append("; the exit flush timed out, the last events may be missing");
            }
            if (sink instanceof JsonlSink jsonl && jsonl.written() > 0) {
                line.append(" — replay: java -jar ").append(AgentJar.describe()).append(" replay ").append(jsonl.file());
            }
            System.err.println(line);
        }
    }
}
