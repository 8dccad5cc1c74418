package sh.ratri.agent.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.config.SinkName;

/**
 * Makes the sink a name in {@code exporter=} stands for. Handed to {@link Export} so the core
 * never imports the sinks ({@code export.sink.Sinks} is the one implementation).
 */
@FunctionalInterface
public interface SinkFactory {

    /**
     * Runs on the exporter thread. {@code json} and {@code clock} are shared by all sinks of the
     * agent: the same start time and the same id spelling in every output.
     */
    Sink create(SinkName name, AgentConfig config, EventJson json, Clock clock);
}
