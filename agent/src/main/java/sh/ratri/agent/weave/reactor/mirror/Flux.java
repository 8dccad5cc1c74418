package sh.ratri.agent.weave.reactor.mirror;

/** {@code reactor.core.publisher.Flux}. */
public abstract class Flux implements Publisher {
    public static Flux from(Publisher source) {
        throw new UnsupportedOperationException("a mirror: never loaded");
    }
}
