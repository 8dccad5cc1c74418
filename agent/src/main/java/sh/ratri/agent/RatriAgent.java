package sh.ratri.agent;

import sh.ratri.agent.config.AgentConfig;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:ratri-agent.jar[=k=v,…]} calls {@link #premain},
 * {@code ratri-agent.jar attach PID} calls {@link #agentmain}. Starting prints nothing unless a
 * config value is bad or {@code debug=true}, and a failure to start never stops the application.
 */
public final class RatriAgent {

    private RatriAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation, boolean attached) {
        try {
            AgentConfig config = AgentConfig.load(arguments);
            for (String problem : config.problems()) {
                System.err.println(problem);
            }
            if (config.mode() == AgentConfig.Mode.OFF) {
                return;
            }
            // before any class that names the bridge is loaded
            BootstrapInjector.inject(instrumentation);
            AgentRuntime.start(config, instrumentation, attached);
        } catch (Throwable t) {
            System.err.println("ratri: agent not started: " + t);
        }
    }
}
