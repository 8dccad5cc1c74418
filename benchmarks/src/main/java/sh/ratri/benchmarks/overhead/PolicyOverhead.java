package sh.ratri.benchmarks.overhead;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Tool;
import sh.ratri.benchmarks.JmhSettings;

/**
 * What an {@code allow} decision adds to a tool call (issue 14: ≤ 25 ns): the same woven tool,
 * called 1,000 times inside one run, with {@code mode=monitor} and no capabilities (no decision
 * at all: the baseline) and with capabilities that allow it, in monitor and in enforce. The
 * decision rides on the call's {@code tool.started} and the exporter makes its {@code policy.decision}
 * event, so with {@code exporter=none} what is measured is the decision alone. Run through {@code Jmh}, which
 * attaches the agent ({@code exporter=none}). The settings go in {@code jvmArgsPrepend}: {@code Jmh}
 * sets {@code jvmArgsAppend}, which would replace an annotation's.
 */
public class PolicyOverhead extends JmhSettings {

    static final int CALLS = 1_000;

    private final Gate gate = new Gate();
    private final String value = "app-1.4.2.jar";

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Fork(value = 1, jvmArgsPrepend = "-Dratri.mode=monitor")
    public String toolWithoutCapabilities() {
        return gate.build(value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Fork(value = 1, jvmArgsPrepend = {"-Dratri.mode=monitor",
        "-Dratri.capabilities=classpath:policy-benchmark-capabilities.json"})
    public String toolAllowedInMonitor() {
        return gate.build(value, CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Fork(value = 1, jvmArgsPrepend = {"-Dratri.mode=enforce",
        "-Dratri.capabilities=classpath:policy-benchmark-capabilities.json"})
    public String toolAllowedInEnforce() {
        return gate.build(value, CALLS);
    }

    /** A run that calls one low-risk tool, which the capabilities declare for it. */
    public static class Gate {

        @Run(stepKey = "builder")
        public String build(String artifact, int calls) {
            String last = null;
            for (int i = 0; i < calls; i++) {
                last = compile(artifact);
            }
            return last;
        }

        @Tool(name = "build.compile")
        public String compile(String artifact) {
            return artifact;
        }
    }
}
