package sh.ratri.agent.weave.reactor;

import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.bootstrap.PublisherSubscription;
import sh.ratri.agent.weave.reactor.mirror.Flux;
import sh.ratri.agent.weave.reactor.mirror.Mono;
import sh.ratri.agent.weave.reactor.mirror.Publisher;
import sh.ratri.agent.weave.reactor.mirror.Subscriber;

/**
 * Defined in the application's class loader, with the mirror types renamed to Reactor's (see
 * {@link ReactorPublishers}): the publisher a traced method returns, wrapped so that each
 * subscription tells the agent when it ends, and runs upstream work in the traced call's context.
 * What the caller receives is Reactor's own {@code Mono.fromDirect}/{@code Flux.from} of it: a
 * Mono stays a Mono, a Flux a Flux, and every signal passes through unchanged.
 */
public final class EndingPublisher implements Publisher {

    private final Publisher source;
    private final PublisherCall call;
    private final boolean mono;

    private EndingPublisher(Publisher source, PublisherCall call, boolean mono) {
        this.source = source;
        this.call = call;
        this.mono = mono;
    }

    /** A Mono or Flux like {@code publisher} that reports to {@code call}; null for any other publisher. */
    public static Object wrap(Object publisher, PublisherCall call) {
        if (publisher instanceof Mono mono) {
            return Mono.fromDirect(new EndingPublisher(mono, call, true));
        }
        if (publisher instanceof Flux flux) {
            return Flux.from(new EndingPublisher(flux, call, false));
        }
        return null;
    }

    @Override
    public void subscribe(Subscriber actual) {
        PublisherSubscription subscription = call.subscribed(mono);
        Object previous = subscription.upstream();
        try {
            source.subscribe(new EndingSubscriber(actual, subscription));
        } finally {
            subscription.restore(previous);
        }
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
