package sh.ratri.examples.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario of the examples jar in a fresh JVM under the real shaded agent jar, in its own
 * working directory, and hands back what it printed and the events it wrote there.
 *
 * <pre>{@code
 * Result r = ForkedJvm.scenario("support-ops").in(tempDir).agentArgs("agent.key=ops").run();
 * }</pre>
 */
public final class ForkedJvm {

    public static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final String scenario;
    private Path workDir;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private String agentArgs;
    private boolean withAgent = true;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private ForkedJvm(String scenario) {
        this.scenario = scenario;
    }

    public static ForkedJvm scenario(String scenario) {
        return new ForkedJvm(scenario);
    }

    public static Path agentJar() {
        return existing("ratri.agentJar", "../agent/target/ratri-agent.jar");
    }

    public static Path examplesJar() {
        return existing("ratri.examplesJar", "target/ratri-examples.jar");
    }

    private static Path existing(String property, String fallback) {
        Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run `mvn verify` (it packages before the "
                    + "integration tests)");
        }
        return jar;
    }

    /** Runs {@code java -jar ratri-agent.jar args…} (the CLI) in {@code dir}. */
    public static Result cli(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", agentJar().toString()));
        command.addAll(List.of(args));
        return execute(command, dir, Map.of(), "cli " + String.join(" ", args));
    }

    public ForkedJvm in(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ForkedJvm agentArgs(String args) {
        this.agentArgs = args;
        return this;
    }

    public ForkedJvm withoutAgent() {
        this.withAgent = false;
        return this;
    }

    public ForkedJvm jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ForkedJvm env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ForkedJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        return execute(command(), workDir, environment, "scenario " + scenario);
    }

    /** Starts the scenario and returns at once, e.g. to kill it mid-run. */
    public Running start() throws IOException {
        return Running.start(command(), workDir, environment);
    }

    /** Starts {@code java -jar ratri-agent.jar args…} (e.g. {@code collect}) and returns at once. */
    public static Running startCli(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", agentJar().toString()));
        command.addAll(List.of(args));
        return Running.start(command, dir, Map.of());
    }

    private List<String> command() {
        if (workDir == null) {
            throw new IllegalStateException("call in(dir) with a fresh directory");
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        if (withAgent) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(examplesJar().toString());
        command.add(scenario);
        return command;
    }

    /** A forked JVM still running: its output so far, a SIGKILL, or waiting for its end. */
    public static final class Running {
        private final Process process;
        private final Path stdout;
        private final Path stderr;
        private final Path workDir;

        private Running(Process process, Path stdout, Path stderr, Path workDir) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.workDir = workDir;
        }

        static Running start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("RATRI_"));
            builder.environment().putAll(environment);
            Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
            Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            return new Running(builder.start(), stdout, stderr, workDir);
        }

        public String stdoutSoFar() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        /** Waits (bounded) until stdout contains {@code text}; false when the time ran out or the JVM ended. */
        public boolean awaitStdout(String text, long timeoutMillis) throws IOException, InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                if (stdoutSoFar().contains(text)) {
                    return true;
                }
                if (!process.isAlive()) {
                    return stdoutSoFar().contains(text);
                }
                Thread.sleep(20);
            }
            return false;
        }

        /** SIGKILL: no shutdown hook runs. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** SIGTERM, as Ctrl-C would: shutdown hooks run. */
        public Result stop() throws IOException, InterruptedException {
            process.destroy();
            return await(20_000);
        }

        public Result await(long timeoutMillis) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("forked JVM did not finish in " + timeoutMillis + " ms");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), workDir);
        }
    }

    private static Result execute(List<String> command, Path workDir, Map<String, String> environment,
                                  String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RATRI_"));
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish in 120 s: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8), workDir);
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    /** What the forked JVM printed and wrote. */
    public record Result(int exitCode, String stdout, String stderr, Path workDir) {

        /** The events in {@code ratri-events/} of the working directory. */
        public EventLog events() throws IOException {
            return EventLog.read(workDir.resolve("ratri-events"));
        }

        public List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\\R"));
        }
    }
}
