package sh.ratri.examples.support;

import java.io.File;
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
 *
 * <p>By default it runs {@code java -jar ratri-examples.jar <scenario>}; with {@link #classPath} it
 * runs {@code java -cp ratri-examples.jar:<libraries…> sh.ratri.examples.Main <scenario>}, for an
 * application that brings libraries of its own. {@link #peerAgent} adds another {@code -javaagent}
 * before or after Ratri's.
 */
public final class ForkedJvm {

    public static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final String scenario;
    private Path workDir;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private String agentArgs;
    private boolean withAgent = true;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> libraries = new ArrayList<>();
    private final List<String> agentsBefore = new ArrayList<>();
    private final List<String> agentsAfter = new ArrayList<>();
    private boolean classPathMode;
    private Path appJar;
    private String mainClass;
    private final List<String> appArguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> launcher = new ArrayList<>();

    private ForkedJvm(String scenario) {
        this.scenario = scenario;
    }

    public static ForkedJvm scenario(String scenario) {
        return new ForkedJvm(scenario);
    }

    /** Runs {@code java -jar jar arguments…}: an application of another module (a Spring Boot fat jar…). */
    public static ForkedJvm jar(Path jar, String... arguments) {
        ForkedJvm jvm = new ForkedJvm(jar.getFileName().toString());
        jvm.appJar = jar;
        jvm.appArguments.addAll(List.of(arguments));
        return jvm;
    }

    /** Runs {@code java -cp classPath… mainClass arguments…}: an application of another module. */
    public static ForkedJvm main(String mainClass, List<Path> classPath, String... arguments) {
        ForkedJvm jvm = new ForkedJvm(mainClass);
        jvm.mainClass = mainClass;
        jvm.libraries.addAll(classPath);
        jvm.appArguments.addAll(List.of(arguments));
        return jvm;
    }

    public static Path agentJar() {
        return existing("ratri.agentJar", "../agent/target/ratri-agent.jar");
    }

    public static Path examplesJar() {
        return existing("ratri.examplesJar", "target/ratri-examples.jar");
    }

    /** A jar that {@code examples/pom.xml} copies into {@code target/} before the integration tests. */
    public static Path copiedJar(String property, String fallback) {
        return existing(property, fallback);
    }

    /** The jars of a directory {@code examples/pom.xml} fills before the integration tests, sorted by name. */
    public static List<Path> copiedJars(String property, String fallback) throws IOException {
        Path dir = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: run `mvn verify` (pre-integration-test "
                    + "copies it)");
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
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
        return cli(dir, List.of(), args);
    }

    /** Runs {@code java jvmOptions… -jar ratri-agent.jar args…} (the CLI) in {@code dir}, e.g. under a small {@code -Xmx}. */
    public static Result cli(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", agentJar().toString()));
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

    /** Runs {@code -cp ratri-examples.jar:libraries… sh.ratri.examples.Main} instead of {@code -jar}. */
    public ForkedJvm classPath(List<Path> libraries) {
        this.classPathMode = true;
        this.libraries.addAll(libraries);
        return this;
    }

    /** Another {@code -javaagent}, placed before Ratri's ({@code first}) or after it. */
    public ForkedJvm peerAgent(Path jar, boolean first) {
        (first ? agentsBefore : agentsAfter).add("-javaagent:" + jar);
        return this;
    }

    /** Like {@link #peerAgent(Path, boolean)}, with the agent's arguments. */
    public ForkedJvm peerAgent(Path jar, String arguments, boolean first) {
        (first ? agentsBefore : agentsAfter).add("-javaagent:" + jar + "=" + arguments);
        return this;
    }

    public ForkedJvm env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs the JVM through a launcher command, e.g. {@code prlimit --fsize=N --} to limit the file size. */
    public ForkedJvm launcher(String... command) {
        launcher.addAll(List.of(command));
        return this;
    }

    public ForkedJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        return start().await();
    }

    /** Starts the JVM and returns at once, for tests that act on it while it runs (attach). */
    public Running start() throws IOException {
        if (workDir == null) {
            throw new IllegalStateException("call in(dir) with a fresh directory");
        }
        List<String> command = new ArrayList<>(launcher);
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(agentsBefore);
        if (withAgent) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(agentsAfter);
        command.addAll(jvmOptions);
        if (appJar != null) {
            command.add("-jar");
            command.add(appJar.toString());
            command.addAll(appArguments);
            return Running.start(command, workDir, environment, "jar " + appJar.getFileName());
        }
        if (mainClass != null) {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, libraries.stream().map(Path::toString).toList()));
            command.add(mainClass);
            command.addAll(appArguments);
            return Running.start(command, workDir, environment, "main " + mainClass);
        }
        if (classPathMode) {
            List<String> path = new ArrayList<>(List.of(examplesJar().toString()));
            libraries.forEach(jar -> path.add(jar.toString()));
            command.add("-cp");
            command.add(String.join(File.pathSeparator, path));
            command.add("sh.ratri.examples.Main");
        } else {
            command.add("-jar");
            command.add(examplesJar().toString());
        }
        command.add(scenario);
        return Running.start(command, workDir, environment, "scenario " + scenario);
    }

    /** Starts {@code java -jar ratri-agent.jar args…} (e.g. {@code collect}) and returns at once. */
    public static Running startCli(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", agentJar().toString()));
        command.addAll(List.of(args));
        return Running.start(command, dir, Map.of(), "cli " + String.join(" ", args));
    }

    private static Result execute(List<String> command, Path workDir, Map<String, String> environment,
                                  String what) throws IOException, InterruptedException {
        return Running.start(command, workDir, environment, what).await();
    }

    /** A forked JVM that has been started; {@link #await} waits for it and collects what it printed. */
    public static final class Running {
        private final Process process;
        private final List<String> command;
        private final Path workDir;
        private final Path stdout;
        private final Path stderr;
        private final String what;

        private Running(Process process, List<String> command, Path workDir, Path stdout, Path stderr,
                        String what) {
            this.process = process;
            this.command = command;
            this.workDir = workDir;
            this.stdout = stdout;
            this.stderr = stderr;
            this.what = what;
        }

        static Running start(List<String> command, Path workDir, Map<String, String> environment, String what)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("RATRI_"));
            builder.environment().putAll(environment);
            Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
            Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            return new Running(builder.start(), command, workDir, stdout, stderr, what);
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
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

        public Result await() throws IOException, InterruptedException {
            return await(120_000);
        }

        public Result await(long timeoutMillis) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not finish in " + timeoutMillis + " ms: " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), workDir);
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        }

        /** Ends a JVM the test gave up on, so it never outlives the test. */
        public void destroy() {
            process.destroyForcibly();
        }
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
