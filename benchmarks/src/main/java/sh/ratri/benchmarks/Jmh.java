package sh.ratri.benchmarks;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Path;

/**
 * Runs JMH with the Ratri agent attached to every fork. {@code @Fork(jvmArgsAppend = …)} takes only
 * constants, so the agent jar is resolved here, from {@code -Dbench.agent.jar} (set by the scripts),
 * else from {@code ../../agent/target/ratri-agent.jar} next to this jar, and appended to the forks'
 * JVM arguments with the agent arguments in {@code -Dbench.agent.args} (default {@code exporter=none}).
 * Every other argument is JMH's own: {@code java -cp ratri-benchmarks.jar sh.ratri.benchmarks.Jmh
 * AnnotationOverhead -prof gc}.
 */
public final class Jmh {

    private Jmh() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        String agent = "-javaagent:" + agentJar() + "="
                + System.getProperty("bench.agent.args", "exporter=none,agent.key=ratri-benchmarks");
        Options options = new OptionsBuilder().parent(cli).jvmArgsAppend(agent).build();
        Runner runner = new Runner(options);
        if (cli.shouldList()) {
            runner.list();
            return;
        }
        runner.run();
    }

    static Path agentJar() throws Exception {
        String configured = System.getProperty("bench.agent.jar");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path self = Path.of(Jmh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return self.getParent().resolve("../../agent/target/ratri-agent.jar").normalize();
    }
}
