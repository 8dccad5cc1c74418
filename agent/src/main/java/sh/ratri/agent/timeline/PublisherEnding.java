package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.bootstrap.PublisherSubscription;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The call of a method that returned a publisher. One call is one item: the first subscription's
 * end (a Mono's value or completion, a Flux's completion, an error, or a cancel) ends the items the
 * call opened, with the value (a Mono) or the number of items (a Flux) as output; a cancel ends them
 * failed with a {@code CancellationException}, as a cancelled future does. Every
 * subscription, the first and any later one, runs its upstream work in the call's context, so
 * what the pipeline calls is nested under the call wherever Reactor runs it.
 */
final class PublisherEnding extends PublisherCall {

    private final Timeline timeline;
    private final Frame frame;
    private final AtomicBoolean ended = new AtomicBoolean();

    PublisherEnding(Timeline timeline, Frame frame) {
        this.timeline = timeline;
        this.frame = frame;
    }

    @Override
    public PublisherSubscription subscribed(boolean single) {
        return new Subscription(single);
    }

    private void end(Object output, Throwable error) {
        if (ended.compareAndSet(false, true)) {
            timeline.end(frame, output, error);
        }
    }

    private final class Subscription extends ContextSwitchingSubscription {
        private final boolean single;
        private long items;
        /** Signals are serial, but a cancel may race with them: only the first end counts. */
        private final AtomicBoolean done = new AtomicBoolean();

        Subscription(boolean single) {
            super(timeline, frame);
            this.single = single;
        }

        @Override
        public void next(Object value) {
            items++;
            if (single) {
                finish(value, null);
            }
        }

        @Override
        public void completed() {
            finish(single ? null : count(), null);
        }

        @Override
        public void failed(Throwable error) {
            finish(null, error);
        }

        @Override
        public void cancelled() {
            finish(null, new CancellationException(
                    "cancelled by the subscriber" + (single ? "" : " after " + count())));
        }

        private String count() {
            return items == 1 ? "1 item" : items + " items";
        }

        private void finish(Object output, Throwable error) {
            if (done.compareAndSet(false, true)) {
                try {
                    end(output, error);
                } catch (Throwable ignored) {
                    // never into the application's pipeline
                }
            }
        }
    }
}
