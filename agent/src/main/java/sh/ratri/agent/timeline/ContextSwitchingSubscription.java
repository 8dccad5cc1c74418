package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.PublisherSubscription;

/**
 * A subscription to a traced call's publisher that runs upstream work in the call's context and
 * passes signals downstream in the subscriber's own: what a traced method and a model call that
 * return a publisher share. Subclasses say only how the call ends.
 */
abstract class ContextSwitchingSubscription extends PublisherSubscription {

    private final Timeline timeline;
    private final Object callContext;
    private final Object subscriberContext;

    /** {@code callContext}: what the call's upstream work runs in (its frame, or the model call). */
    ContextSwitchingSubscription(Timeline timeline, Object callContext) {
        this.timeline = timeline;
        this.callContext = callContext;
        this.subscriberContext = timeline.capture();
    }

    @Override
    public final Object upstream() {
        return timeline.attach(callContext);
    }

    @Override
    public final Object downstream() {
        return timeline.attach(subscriberContext);
    }

    @Override
    public final void restore(Object previous) {
        timeline.detach(previous);
    }
}
