package sh.ratri.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Collects raw {@code key=value} settings from the four places a user can put them, highest
 * precedence first: agent arguments, {@code -Dratri.*} system properties, {@code RATRI_*}
 * environment variables, and the properties file named by {@code ratri.config}.
 */
public final class ConfigSources {

    /** One raw value and where it came from, so an error line can name its origin. */
    public record Setting(String key, String value, String origin) {
    }

    private ConfigSources() {
    }

    /**
     * Merges the sources. Keys not known to {@link AgentConfig} are kept too, so that the caller
     * can report them.
     */
    public static Map<String, Setting> collect(String agentArgs, Properties system, Map<String, String> env,
                                               List<String> problems) {
        Map<String, Setting> merged = new LinkedHashMap<>();
        Map<String, Setting> fromArgs = parseAgentArgs(agentArgs, problems);
        Map<String, Setting> fromSystem = fromSystemProperties(system);
        Map<String, Setting> fromEnv = fromEnvironment(env);

        String configFile = firstValue("config", fromArgs, fromSystem, fromEnv);
        Map<String, Setting> fromFile = configFile == null ? Map.of() : fromFile(Path.of(configFile), problems);

        // lowest precedence first, so that later puts win
        merged.putAll(fromFile);
        merged.putAll(fromEnv);
        merged.putAll(fromSystem);
        merged.putAll(fromArgs);
        merged.remove("config");
        return merged;
    }

    /**
     * Parses {@code k=v,k=v}. A piece without {@code =} continues the previous value, so that
     * {@code exporter=jsonl,console} keeps its comma list.
     */
    static Map<String, Setting> parseAgentArgs(String agentArgs, List<String> problems) {
        Map<String, Setting> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        String lastKey = null;
        for (String piece : agentArgs.split(",")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (lastKey == null) {
                    // the piece is not echoed: it may be a secret whose key was forgotten
                    problems.add("ratri: an agent argument is not key=value (expected -javaagent:ratri-agent.jar="
                            + "key=value,key=value); ignored");
                    continue;
                }
                Setting previous = out.get(lastKey);
                out.put(lastKey, new Setting(lastKey, previous.value() + "," + piece.trim(), previous.origin()));
                continue;
            }
            String key = normaliseKey(piece.substring(0, eq).trim());
            out.put(key, new Setting(key, piece.substring(eq + 1).trim(), "agent argument"));
            lastKey = key;
        }
        return out;
    }

    static Map<String, Setting> fromSystemProperties(Properties system) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("ratri.")) {
                String key = name.substring("ratri.".length());
                out.put(key, new Setting(key, system.getProperty(name).trim(), "-D" + name));
            }
        }
        return out;
    }

    /** {@code RATRI_AGENT_KEY} → {@code agent.key}; the key table decides which dots were underscores. */
    static Map<String, Setting> fromEnvironment(Map<String, String> env) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("RATRI_")) {
                continue;
            }
            String suffix = name.substring("RATRI_".length());
            // RATRI_CONFIG names the properties file, like -Dratri.config; it is no config key itself
            String key = suffix.equals("CONFIG") ? "config" : AgentConfig.keyForEnvironmentName(suffix);
            if (key != null) {
                out.put(key, new Setting(key, e.getValue().trim(), "$" + name));
            }
        }
        return out;
    }

    static Map<String, Setting> fromFile(Path file, List<String> problems) {
        Map<String, Setting> out = new LinkedHashMap<>();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            problems.add("ratri: config file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); ignored");
            return out;
        }
        for (String name : p.stringPropertyNames()) {
            String key = normaliseKey(name);
            out.put(key, new Setting(key, p.getProperty(name).trim(), file.toString()));
        }
        return out;
    }

    private static String normaliseKey(String key) {
        return key.startsWith("ratri.") ? key.substring("ratri.".length()) : key;
    }

    @SafeVarargs
    private static String firstValue(String key, Map<String, Setting>... sources) {
        for (Map<String, Setting> source : sources) {
            Setting s = source.get(key);
            if (s != null && !s.value().isEmpty()) {
                return s.value();
            }
        }
        return null;
    }
}
