package sh.ratri.agent.weave.reactor.mirror;

/** {@code reactor.util.context.Context}. */
public interface Context {
}
