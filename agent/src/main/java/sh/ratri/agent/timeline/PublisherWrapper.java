package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.PublisherCall;

/** Wraps a publisher that a traced method returned so that it reports its subscriptions to {@code call}. */
public interface PublisherWrapper {

    /** A publisher of the same kind that reports to {@code call}, or null when this kind is not supported. */
    Object wrap(Object publisher, PublisherCall call);

    PublisherWrapper NONE = (publisher, call) -> null;
}
