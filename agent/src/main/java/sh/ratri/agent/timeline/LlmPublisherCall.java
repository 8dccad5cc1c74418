package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.bootstrap.PublisherSubscription;

import java.util.concurrent.CancellationException;

/**
 * A model call that returned a publisher of its reply's parts: the call ends when the first
 * subscription's last part, error or cancel arrives. Upstream work runs with the call current, so
 * a recognised layer beneath it (an SDK the framework streams through) records nothing.
 */
final class LlmPublisherCall extends PublisherCall {

    private final Timeline timeline;
    private final LlmCall call;
    private final LlmReplyParts parts;

    LlmPublisherCall(Timeline timeline, LlmCall call, LlmReplyParts parts) {
        this.timeline = timeline;
        this.call = call;
        this.parts = parts;
    }

    @Override
    public PublisherSubscription subscribed(boolean single) {
        return new Subscription();
    }

    private final class Subscription extends ContextSwitchingSubscription {
        /** Only the first subscription reads the parts: a second one would add them again. */
        private final boolean reads = call.isOpen();

        Subscription() {
            super(timeline, call);
        }

        @Override
        public void next(Object value) {
            if (reads && call.isOpen()) {
                try {
                    parts.add(value);
                } catch (Throwable unreadable) {
                    // the part passes on; the reply records what could be read
                }
            }
        }

        @Override
        public void completed() {
            call.end(response());
        }

        @Override
        public void failed(Throwable error) {
            call.fail(error, response());
        }

        @Override
        public void cancelled() {
            call.fail(new CancellationException("cancelled by the subscriber"), response());
        }

        private LlmResponse response() {
            try {
                return parts.response();
            } catch (Throwable unreadable) {
                return LlmResponse.NONE;
            }
        }
    }
}
