package sh.ratri.agent.bootstrap;

/**
 * A traced call whose method returned a Reactive Streams publisher: its items end when the
 * publisher terminates for its first subscriber. Bootstrap-visible for the same reason as
 * {@link PublisherSubscription}.
 */
public abstract class PublisherCall {

    /**
     * Called once per subscription, on the subscribing thread; never null, never throws.
     * {@code single}: the publisher is a Mono, whose first value is its result.
     */
    public abstract PublisherSubscription subscribed(boolean single);
}
