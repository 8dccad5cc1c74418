package sh.ratri.agent.weave.reactor.mirror;

/** {@code org.reactivestreams.Publisher}. */
public interface Publisher {
    void subscribe(Subscriber subscriber);
}
