package sh.ratri.examples.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a large, realistic {@code ratri.event/v1} file for replay at scale: support-ops sessions
 * (orchestrator run, triage step, a handoff to a worker run, tools, one in ten of them failing,
 * policy decisions), {@value #CONCURRENT} at a time interleaved as the threads of one busy JVM would
 * write them. Deterministic for a given size.
 *
 * <pre>java -cp examples/target/test-classes sh.ratri.examples.support.LargeEventFile big.jsonl 500   # MB</pre>
 */
public final class LargeEventFile {

    /** Sessions open at once, their events interleaved line by line. */
    static final int CONCURRENT = 8;

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Random random = new Random(42);
    private Instant clock = Instant.parse("2026-11-25T03:00:00Z");
    private long sequence;
    private long bytes;
    private int sessions;
    private int failedSessions;

    /** How many sessions the last {@link #write} produced, and how many of them failed. */
    public record Written(Path file, long bytes, int sessions, int failedSessions) {}

    private LargeEventFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LargeEventFile FILE MEGABYTES");
            System.exit(2);
        }
        Written written = write(Path.of(args[0]), Long.parseLong(args[1]) << 20);
        System.out.printf(Locale.ROOT, "%s: %,d bytes, %,d sessions (%,d failed)%n", written.file(), written.bytes(),
                written.sessions(), written.failedSessions());
    }

    /** Writes sessions until the file holds at least {@code targetBytes}. */
    public static Written write(Path file, long targetBytes) throws IOException {
        LargeEventFile generator = new LargeEventFile();
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (generator.bytes < targetBytes) {
                List<List<String>> open = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    open.add(generator.session());
                }
                int longest = open.stream().mapToInt(List::size).max().orElse(0);
                for (int line = 0; line < longest; line++) {
                    for (List<String> session : open) {
                        if (line < session.size()) {
                            out.write(session.get(line));
                            out.write('\n');
                            generator.bytes += session.get(line).length() + 1;
                        }
                    }
                }
            }
        }
        return new Written(file, Files.size(file), generator.sessions, generator.failedSessions);
    }

    private List<String> session() {
        sessions++;
        String sessionId = uuid();
        String ticket = "SUP-" + (1000 + random.nextInt(9000));
        String orchestrator = uuid();
        String worker = uuid();
        String step = uuid();
        String handoff = uuid();
        boolean fails = random.nextInt(10) == 0;
        failedSessions += fails ? 1 : 0;
        Session s = new Session(sessionId);
        s.event("session.started", "", "{\"kind\":\"pipeline\",\"inputSummary\":\"Handle urgent enterprise support "
                + "escalation " + ticket + "\",\"metadata\":{\"triggerKind\":\"support_escalation\",\"ticketId\":\""
                + ticket + "\"}}");
        s.event("run.started", ids("runId", orchestrator), "{\"stepKey\":\"orchestrator\",\"stepName\":\"Orchestrator\","
                + "\"stepIndex\":0,\"role\":\"orchestrator\"}");
        s.event("step.started", ids("runId", orchestrator, "stepId", step), "{\"stepKey\":\"triage-ticket\","
                + "\"stepName\":\"Triage ticket\",\"stepIndex\":1}");
        String lookup = uuid();
        s.event("policy.decision", ids("runId", orchestrator, "toolCallId", lookup), "{\"decision\":\"allow\","
                + "\"rule\":\"allowed\",\"tool\":\"crm.lookup_customer\",\"reason\":\"declared for orchestrator\"}");
        s.event("tool.started", ids("runId", orchestrator, "stepId", step, "toolCallId", lookup),
                tool("crm.lookup_customer", "low", "read", ticket, "ticketId=" + ticket + ", include=[history, plan]"));
        s.event("tool.ended", ids("runId", orchestrator, "stepId", step, "toolCallId", lookup), "{\"status\":\"completed\","
                + "\"durationMs\":" + ms() + ",\"outputSummary\":\"Customer{id=C-" + random.nextInt(100000)
                + ", plan=enterprise, region=eu-west, openTickets=3, sla=4h}\"}");
        s.event("step.ended", ids("runId", orchestrator, "stepId", step), "{\"status\":\"completed\",\"durationMs\":"
                + ms() + "}");
        s.event("handoff.requested", ids("runId", orchestrator, "handoffId", handoff), "{\"sourceRunId\":\""
                + orchestrator + "\",\"reason\":\"Delegate customer response draft\",\"payloadSummary\":{\"ticketId\":\""
                + ticket + "\",\"priority\":\"urgent\"}}");
        s.event("run.started", ids("runId", worker, "parentRunId", orchestrator), "{\"stepKey\":\"response-worker\","
                + "\"stepName\":\"Response worker\",\"stepIndex\":2,\"role\":\"worker\"}");
        s.event("handoff.completed", ids("runId", worker, "parentRunId", orchestrator, "handoffId", handoff),
                "{\"sourceRunId\":\"" + orchestrator + "\"}");
        String compose = uuid();
        s.event("tool.started", ids("runId", worker, "parentRunId", orchestrator, "toolCallId", compose),
                tool("support.compose_reply", "low", "write", ticket, "ticketId=" + ticket + ", tone=apologetic"));
        s.event("tool.ended", ids("runId", worker, "parentRunId", orchestrator, "toolCallId", compose), fails
                ? "{\"status\":\"failed\",\"durationMs\":" + ms() + ",\"error\":{\"type\":\"java.lang.IllegalStateException\","
                        + "\"message\":\"template service unavailable for " + ticket + "\"}}"
                : "{\"status\":\"completed\",\"durationMs\":" + ms() + ",\"outputSummary\":\"Dear customer, we are sorry "
                        + "for the trouble with " + ticket + "; an engineer is on it and will reply within 4 hours.\"}");
        String status = fails ? "failed" : "completed";
        String error = fails ? ",\"error\":{\"type\":\"java.lang.IllegalStateException\",\"message\":\"template service "
                + "unavailable for " + ticket + "\"}" : "";
        s.event("run.ended", ids("runId", worker, "parentRunId", orchestrator), "{\"status\":\"" + status
                + "\",\"durationMs\":" + ms() + error + "}");
        s.event("run.ended", ids("runId", orchestrator), "{\"status\":\"" + status + "\",\"durationMs\":" + ms() + error
                + "}");
        s.event("session.ended", "", "{\"status\":\"" + status + "\",\"durationMs\":" + ms() + error
                + (fails ? "" : ",\"outputSummary\":\"Reply drafted for " + ticket + "\"") + "}");
        return s.lines;
    }

    private String tool(String name, String risk, String action, String ticket, String input) {
        return "{\"tool\":{\"name\":\"" + name + "\",\"riskLevel\":\"" + risk + "\"},\"action\":{\"type\":\"" + action
                + "\",\"name\":\"" + name + "\"},\"resource\":{\"type\":\"work_item\",\"externalId\":\"" + ticket
                + "\"},\"inputSummary\":\"" + input + "\"}";
    }

    private static String ids(String... namesAndValues) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            ids.append('"').append(namesAndValues[i]).append("\":\"").append(namesAndValues[i + 1]).append("\",");
        }
        return ids.toString();
    }

    private String ms() {
        return String.format(Locale.ROOT, "%.3f", random.nextInt(200_000) / 1000.0);
    }

    private String uuid() {
        long high = clock.toEpochMilli() << 16 | 0x7000 | random.nextInt(0x1000);
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        String hex = String.format(Locale.ROOT, "%016x%016x", high, low);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private final class Session {
        final String sessionId;
        final String thread = "pool-1-thread-" + (1 + sessions % CONCURRENT);
        final List<String> lines = new ArrayList<>();

        Session(String sessionId) {
            this.sessionId = sessionId;
        }

        void event(String type, String ids, String attributes) {
            clock = clock.plus(40 + random.nextInt(400), ChronoUnit.MICROS);
            sequence++;
            lines.add("{\"schema\":\"ratri.event/v1\",\"eventId\":\"" + uuid() + "\",\"type\":\"" + type
                    + "\",\"timestamp\":\"" + MICROS.format(clock) + "\",\"sequence\":" + sequence
                    + ",\"agent\":{\"key\":\"support-ops-orchestrator\",\"name\":\"Support ops\"},\"mode\":\"monitor\","
                    + "\"sessionId\":\"" + sessionId + "\"," + ids + "\"thread\":\"" + thread + "\",\"attributes\":"
                    + attributes + "}");
        }
    }
}
