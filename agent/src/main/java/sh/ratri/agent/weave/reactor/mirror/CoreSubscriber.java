package sh.ratri.agent.weave.reactor.mirror;

/** {@code reactor.core.CoreSubscriber}: its default {@code currentContext()} is Reactor's own once renamed. */
public interface CoreSubscriber extends Subscriber {
    default Context currentContext() {
        throw new UnsupportedOperationException("a mirror: never loaded");
    }
}
