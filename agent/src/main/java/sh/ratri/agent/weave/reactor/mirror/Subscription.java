package sh.ratri.agent.weave.reactor.mirror;

/** {@code org.reactivestreams.Subscription}. */
public interface Subscription {
    void request(long n);

    void cancel();
}
