package sh.ratri.agent.bootstrap;

/**
 * One subscription to a publisher that a traced method returned, as the agent's runtime sees it.
 * The Reactor helper defined in the application's class loader calls it around every signal; it
 * lives in the bootstrap loader so that helper can name it.
 *
 * <p>Implementations never throw: they run inside the application's reactive pipeline.
 */
public abstract class PublisherSubscription {

    /** Makes the traced call current, for work upstream of the returned publisher; returns what to restore. */
    public abstract Object upstream();

    /** Makes the subscriber's own context current, for signals passed downstream; returns what to restore. */
    public abstract Object downstream();

    public abstract void restore(Object previous);

    public abstract void next(Object value);

    public abstract void completed();

    public abstract void failed(Throwable error);

    public abstract void cancelled();
}
