package sh.ratri.agent;

import java.nio.file.Path;

/** Where the running agent jar lies: attach loads it into another JVM, the exit line names it for replay. */
public final class AgentJar {

    private AgentJar() {
    }

    /** The jar (or classes directory) this agent was loaded from. */
    public static Path path() throws Exception {
        return Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** {@link #path()} for a message: never throws, falls back to the jar's usual name. */
    public static String describe() {
        try {
            return path().toString();
        } catch (Exception | Error e) {
            return "ratri-agent.jar";
        }
    }
}
