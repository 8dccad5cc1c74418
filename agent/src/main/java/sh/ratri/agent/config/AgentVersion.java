package sh.ratri.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's own version, from the {@code version.properties} that the build fills in. */
public final class AgentVersion {

    private static final String VERSION = read();

    private AgentVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/sh/ratri/agent/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown version
        }
        return p.getProperty("version", "unknown");
    }
}
