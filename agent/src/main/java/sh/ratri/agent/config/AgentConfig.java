package sh.ratri.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's settings, read once at start. A bad value never stops the application: it is
 * replaced by its default and one line naming the key, the value and what is allowed is kept in
 * {@link #problems()} for the agent to print.
 *
 * <pre>
 * -javaagent:ratri-agent.jar=agent.key=support-ops,exporter=jsonl
 * -Dratri.mode=monitor
 * RATRI_CAPTURE_MAXCHARS=256
 * </pre>
 */
public record AgentConfig(
        String agentKey,
        String agentName,
        Mode mode,
        Set<String> exporters,
        Path jsonlDir,
        String endpoint,
        String apiKey,
        String otlpEndpoint,
        int queueSize,
        boolean captureIo,
        int captureMaxChars,
        List<String> redactKeys,
        String capabilities,
        String approvals,
        String pricing,
        boolean debug,
        Path spoolDir,
        long spoolMaxBytes,
        boolean httpAllowInsecure,
        int httpBatchSize,
        long httpFlushMillis,
        long httpTimeoutMillis,
        long httpRetryMaxMillis,
        Set<String> recognize,
        String weave,
        List<String> problems) {

    public enum Mode {
        MONITOR, ENFORCE, OFF;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every key a user may set; anything else is reported as unknown. */
    public static final List<String> KEYS = List.of(
            "agent.key", "agent.name", "mode", "exporter", "jsonl.dir", "endpoint", "api.key",
            "otlp.endpoint", "queue.size", "capture.io", "capture.maxChars", "redact.keys",
            "capabilities", "approvals", "pricing", "debug", "spool.dir", "spool.maxBytes", "http.allowInsecure", "http.batchSize",
            "http.flushMillis", "http.timeoutMillis", "http.retryMaxMillis", "recognize", "weave");

    /** The frameworks whose agents, tools and model calls are recorded without annotations (DESIGN §7). */
    public static final Set<String> FRAMEWORKS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "langchain4j", "spring-ai", "openai", "anthropic", "junit")));

    /** Where {@code exporter=http} sends when no endpoint is set: {@code ratri-agent.jar collect} on this machine. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4319";
    /** The OpenTelemetry Collector's standard OTLP/HTTP address. */
    public static final String DEFAULT_OTLP_ENDPOINT = "http://localhost:4318";

    static final int MIN_QUEUE = 16;
    static final int MAX_QUEUE = 1 << 24;

    /** The longest {@code agent.key}. */
    private static final int MAX_AGENT_KEY = 128;

    /** Reads the settings of this JVM. */
    public static AgentConfig load(String agentArgs) {
        return from(agentArgs, System.getProperties(), System.getenv());
    }

    public static AgentConfig from(String agentArgs, Properties system, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, ConfigSources.Setting> raw = ConfigSources.collect(agentArgs, system, env, problems);
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key)) {
                ConfigSources.Setting s = raw.get(key);
                problems.add("ratri: unknown config key '" + key + "' (from " + s.origin() + "); known keys: "
                        + String.join(", ", KEYS));
            }
        }
        Reader r = new Reader(raw, problems);

        String agentKey = r.agentKey("agent.key", defaultAgentKey(system),
                "letters, digits and . _ : - (at most 128, starting with a letter or digit)");
        String agentName = r.text("agent.name", agentKey);
        Mode mode = r.choice("mode", Mode.MONITOR, Mode.class);
        Set<String> exporters = new LinkedHashSet<>(r.list("exporter", Set.of(SinkName.JSONL.wire()), new LinkedHashSet<>(SinkName.wires())));
        Path jsonlDir = Path.of(r.text("jsonl.dir", "ratri-events"));
        boolean allowInsecure = r.bool("http.allowInsecure", false);
        String endpoint = r.endpoint("endpoint", DEFAULT_ENDPOINT, SinkName.HTTP.wire(), exporters, allowInsecure);
        String apiKey = r.text("api.key", "");
        String otlpEndpoint = r.endpoint("otlp.endpoint", DEFAULT_OTLP_ENDPOINT, SinkName.OTLP.wire(), exporters, allowInsecure);
        int queueSize = (int) r.number("queue.size", 131_072, MIN_QUEUE, MAX_QUEUE);
        boolean captureIo = r.bool("capture.io", true);
        int captureMaxChars = (int) r.number("capture.maxChars", 512, 0, 1_000_000);
        List<String> redactKeys = List.copyOf(r.list("redact.keys",
                new LinkedHashSet<>(List.of("password", "secret", "token", "apiKey", "authorization")), null));
        String capabilities = r.text("capabilities", "");
        String approvals = r.text("approvals", "");
        String pricing = r.text("pricing", "");
        boolean debug = r.bool("debug", false);
        Path spoolDir = Path.of(r.text("spool.dir", "ratri-spool"));
        long spoolMaxBytes = r.number("spool.maxBytes", 256L << 20, 0, Long.MAX_VALUE);
        int httpBatchSize = (int) r.number("http.batchSize", 512, 1, 100_000);
        long httpFlushMillis = r.number("http.flushMillis", 1_000, 10, 600_000);
        long httpTimeoutMillis = r.number("http.timeoutMillis", 10_000, 100, 600_000);
        long httpRetryMaxMillis = r.number("http.retryMaxMillis", 30_000, 10, 3_600_000);
        Set<String> recognize = r.recognize();
        String weave = r.text("weave", "");

        return new AgentConfig(agentKey, agentName, mode, Collections.unmodifiableSet(exporters), jsonlDir, endpoint, apiKey, otlpEndpoint,
                queueSize, captureIo, captureMaxChars, redactKeys, capabilities, approvals, pricing, debug, spoolDir, spoolMaxBytes,
                allowInsecure, httpBatchSize, httpFlushMillis, httpTimeoutMillis, httpRetryMaxMillis,
                recognize, weave, List.copyOf(problems));
    }

    /** The default key names the application: its main jar or main class, as the JVM was started. */
    static String defaultAgentKey(Properties system) {
        String command = system.getProperty("sun.java.command", "").trim();
        String name = firstWord(command);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        if (name.endsWith(".jar")) {
            name = name.substring(0, name.length() - 4);
        } else if (name.lastIndexOf('.') >= 0) {
            name = name.substring(name.lastIndexOf('.') + 1);
        }
        name = keyCharactersOnly(name);
        return name.isEmpty() || !isAgentKey(name) ? "jvm-app" : name;
    }

    /** Up to the first whitespace, as {@code split("\\s+")[0]} of a trimmed command. */
    private static String firstWord(String command) {
        for (int i = 0; i < command.length(); i++) {
            if (" \t\n\u000B\f\r".indexOf(command.charAt(i)) >= 0) {
                return command.substring(0, i);
            }
        }
        return command;
    }

    /** Every code point a key cannot hold becomes {@code -}. */
    private static String keyCharactersOnly(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            out.append(isKeyCharacter(c) ? (char) c : '-');
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /**
     * A letter or digit, then up to 127 letters, digits and {@code . _ : -}. This and the two above
     * are written out, not regular expressions: compiling those cost premain ~5 ms on a cold JVM.
     */
    private static boolean isAgentKey(String value) {
        if (value.isEmpty() || value.length() > MAX_AGENT_KEY || !isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            if (!isKeyCharacter(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyCharacter(int c) {
        return isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-';
    }

    /** ASCII only, as keys are. */
    private static boolean isLetterOrDigit(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /** {@code AGENT_KEY} → {@code agent.key}, {@code CAPTURE_MAXCHARS} → {@code capture.maxChars}. */
    static String keyForEnvironmentName(String envSuffix) {
        for (String key : KEYS) {
            if (key.replace('.', '_').toUpperCase(Locale.ROOT).equals(envSuffix)) {
                return key;
            }
        }
        return null;
    }

    /** Reads typed values, recording one problem line per bad value. */
    private static final class Reader {
        private final Map<String, ConfigSources.Setting> raw;
        private final List<String> problems;

        Reader(Map<String, ConfigSources.Setting> raw, List<String> problems) {
            this.raw = raw;
            this.problems = problems;
        }

        String text(String key, String fallback) {
            ConfigSources.Setting s = raw.get(key);
            return s == null || s.value().isEmpty() ? fallback : s.value();
        }

        /**
         * A sink's base URL. A malformed one, or plain http:// to another machine without
         * {@code http.allowInsecure}, is reported on one line and the sink that needs it is turned off.
         */
        String endpoint(String key, String fallback, String sink, Set<String> exporters, boolean allowInsecure) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            String disabled = exporters.contains(sink) ? "; " + sink + " sink disabled" : "";
            String problem = EndpointCheck.syntaxProblem(s.value());
            if (problem != null) {
                problems.add("ratri: bad config " + key + "='" + RedactedUrl.of(s.value()) + "' (from "
                        + s.origin() + "): " + problem + "; allowed an http:// or https:// URL such as "
                        + "https://ratri.example.com" + disabled);
                exporters.remove(sink);
                return fallback;
            }
            if (EndpointCheck.isPlainHttpToAnotherHost(s.value()) && !allowInsecure) {
                problems.add("ratri: refusing " + key + "='" + RedactedUrl.of(s.value()) + "' (from "
                        + s.origin() + "): plain http:// to another machine would send events and the api key "
                        + "unencrypted; use https:// or set http.allowInsecure=true" + disabled);
                exporters.remove(sink);
                return fallback;
            }
            return EndpointCheck.withoutTrailingSlash(s.value());
        }

        String agentKey(String key, String fallback, String allowed) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            if (!isAgentKey(s.value())) {
                bad(s, allowed, fallback);
                return fallback;
            }
            return s.value();
        }

        <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.value())) {
                    return e;
                }
            }
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
            bad(s, "one of " + String.join(", ", names), fallback.name().toLowerCase(Locale.ROOT));
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            switch (s.value().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    bad(s, "true or false", String.valueOf(fallback));
                    return fallback;
            }
        }

        long number(String key, long fallback, long min, long max) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            try {
                long v = Long.parseLong(s.value().replace("_", ""));
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            bad(s, "a whole number from " + min + " to " + max, String.valueOf(fallback));
            return fallback;
        }

        /** {@code recognize}: a comma list of {@link #FRAMEWORKS}, or {@code none}; default all. */
        Set<String> recognize() {
            ConfigSources.Setting s = raw.get("recognize");
            if (s != null && s.value().trim().equalsIgnoreCase("none")) {
                return Set.of();
            }
            Set<String> allowed = new LinkedHashSet<>(FRAMEWORKS);
            allowed.add("none");
            Set<String> chosen = list("recognize", FRAMEWORKS, allowed);
            if (chosen.contains("none")) {
                bad(s, "none alone, or a comma list of " + String.join(", ", FRAMEWORKS), String.join(",", FRAMEWORKS));
                return Set.copyOf(FRAMEWORKS);
            }
            return Set.copyOf(chosen);
        }

        /** A comma list; with {@code allowed}, every item must be one of them. */
        Set<String> list(String key, Set<String> fallback, Set<String> allowed) {
            ConfigSources.Setting s = raw.get(key);
            if (s == null || s.value().isEmpty()) {
                return fallback;
            }
            Set<String> items = new LinkedHashSet<>();
            for (String item : s.value().split(",")) {
                String trimmed = item.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (allowed != null && !allowed.contains(trimmed.toLowerCase(Locale.ROOT))) {
                    bad(s, "a comma list of " + String.join(", ", allowed), String.join(",", fallback));
                    return fallback;
                }
                items.add(allowed == null ? trimmed : trimmed.toLowerCase(Locale.ROOT));
            }
            return items.isEmpty() ? fallback : items;
        }

        private void bad(ConfigSources.Setting s, String allowed, String usingInstead) {
            problems.add("ratri: bad config " + s.key() + "=" + shown(s) + " (from " + s.origin() + "): allowed "
                    + allowed + "; using " + usingInstead);
        }

        private static String shown(ConfigSources.Setting s) {
            return s.key().equals("api.key") ? "[REDACTED]" : "'" + s.value() + "'";
        }
    }
}
