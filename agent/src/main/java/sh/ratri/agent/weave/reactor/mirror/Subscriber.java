package sh.ratri.agent.weave.reactor.mirror;

/** {@code org.reactivestreams.Subscriber}. */
public interface Subscriber {
    void onSubscribe(Subscription subscription);

    void onNext(Object value);

    void onError(Throwable error);

    void onComplete();
}
