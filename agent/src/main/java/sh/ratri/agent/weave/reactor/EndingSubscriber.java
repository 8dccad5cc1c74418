package sh.ratri.agent.weave.reactor;

import sh.ratri.agent.bootstrap.PublisherSubscription;
import sh.ratri.agent.weave.reactor.mirror.Context;
import sh.ratri.agent.weave.reactor.mirror.CoreSubscriber;
import sh.ratri.agent.weave.reactor.mirror.Subscriber;
import sh.ratri.agent.weave.reactor.mirror.Subscription;

/**
 * Stands between the traced publisher and its subscriber: reports each signal to the agent before
 * passing it on, runs requests and cancellation (which make upstream operators work) in the traced
 * call's context and signals in the subscriber's, and forwards the subscriber's Reactor context
 * upstream so {@code contextWrite} keeps working through it.
 */
public final class EndingSubscriber implements CoreSubscriber, Subscription {

    private final Subscriber actual;
    private final PublisherSubscription traced;
    private Subscription upstream;

    EndingSubscriber(Subscriber actual, PublisherSubscription traced) {
        this.actual = actual;
        this.traced = traced;
    }

    @Override
    public Context currentContext() {
        return actual instanceof CoreSubscriber core ? core.currentContext() : CoreSubscriber.super.currentContext();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        upstream = subscription;
        Object previous = traced.downstream();
        try {
            actual.onSubscribe(this);
        } finally {
            traced.restore(previous);
        }
    }

    @Override
    public void onNext(Object value) {
        traced.next(value);
        Object previous = traced.downstream();
        try {
            actual.onNext(value);
        } finally {
            traced.restore(previous);
        }
    }

    @Override
    public void onError(Throwable error) {
        traced.failed(error);
        Object previous = traced.downstream();
        try {
            actual.onError(error);
        } finally {
            traced.restore(previous);
        }
    }

    @Override
    public void onComplete() {
        traced.completed();
        Object previous = traced.downstream();
        try {
            actual.onComplete();
        } finally {
            traced.restore(previous);
        }
    }

    @Override
    public void request(long n) {
        Object previous = traced.upstream();
        try {
            upstream.request(n);
        } finally {
            traced.restore(previous);
        }
    }

    @Override
    public void cancel() {
        traced.cancelled();
        Object previous = traced.upstream();
        try {
            upstream.cancel();
        } finally {
            traced.restore(previous);
        }
    }
}
