package sh.ratri.agent.weave.reactor.mirror;

/** {@code reactor.core.publisher.Mono}. */
public abstract class Mono implements Publisher {
    public static Mono fromDirect(Publisher source) {
        throw new UnsupportedOperationException("a mirror: never loaded");
    }
}
