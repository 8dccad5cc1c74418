package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;
import sh.ratri.agent.bootstrap.PublisherCall;
import sh.ratri.agent.bootstrap.PublisherSubscription;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.schema.EventType.SESSION_STARTED;
import static sh.ratri.agent.schema.EventType.TOOL_ENDED;
import static sh.ratri.agent.schema.EventType.TOOL_STARTED;

/** How the items of a call that returned a publisher end, as the Reactor helper drives them. */
class PublisherEndingTest {

    private final List<Event> events = new ArrayList<>();
    private final CallSites callSites = new CallSites();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), true, 512);
    private final Object publisher = new Object();
    private final Object wrapped = new Object();
    private PublisherCall call;

    PublisherEndingTest() {
        timeline.endPublishersWith((returned, reportTo) -> {
            call = reportTo;
            return wrapped;
        });
    }

    private synchronized boolean offer(Event event) {
        events.add(event.copy()); // the timeline writes the same event again
        return true;
    }

    private Object callTool() {
        int site = callSites.register(new CallSite("Test.tool", null, null, null, null,
                new ToolSpec(Template.constant("t"), "low", Template.constant("execute"), Template.constant("t"),
                        null, null)));
        Object scope = timeline.enter(site, null);
        return timeline.exitPublisher(scope, publisher, null);
    }

    private List<Event> ended() {
        return events.stream().filter(e -> e.type() == TOOL_ENDED).toList();
    }

    @Test
    void returnsTheWrapperAndEndsNothingUntilSubscribed() {
        assertThat(callTool()).isSameAs(wrapped);
        assertThat(events).extracting(Event::type).containsExactly(SESSION_STARTED, TOOL_STARTED); // an implicit session
        assertThat(timeline.capture()).isNull();
    }

    @Test
    void monoEndsAtItsFirstValueWithTheValueAsOutput() {
        callTool();
        PublisherSubscription s = call.subscribed(true);
        s.next("customer acme");
        s.completed();
        assertThat(ended()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Status.COMPLETED);
            assertThat(e.output()).isEqualTo("customer acme");
        });
    }

    @Test
    void fluxEndsAtCompletionWithItsItemCount() {
        callTool();
        PublisherSubscription s = call.subscribed(false);
        s.next("a");
        s.next("b");
        s.completed();
        assertThat(ended()).singleElement().satisfies(e -> assertThat(e.output()).isEqualTo("2 items"));
    }

    @Test
    void errorEndsFailedAndALaterCancelChangesNothing() {
        callTool();
        PublisherSubscription s = call.subscribed(true);
        IllegalStateException error = new IllegalStateException("down");
        s.failed(error);
        s.cancelled();
        assertThat(ended()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Status.FAILED);
            assertThat(e.error()).isEqualTo(new Failure(IllegalStateException.class.getName(), "down"));
        });
    }

    @Test
    void cancelEndsFailedWithACancellation() {
        callTool();
        PublisherSubscription s = call.subscribed(false);
        s.next("a");
        s.cancelled();
        assertThat(ended()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Status.FAILED);
            assertThat(e.error()).isEqualTo(new Failure(CancellationException.class.getName(),
                    "cancelled by the subscriber after 1 item"));
        });
    }

    @Test
    void aSecondSubscriptionRecordsNothingMore() {
        callTool();
        call.subscribed(true).next("first");
        PublisherSubscription second = call.subscribed(true);
        second.next("second");
        assertThat(ended()).singleElement().satisfies(e -> assertThat(e.output()).isEqualTo("first"));
    }

    @Test
    void upstreamRunsInTheCallAndDownstreamInTheSubscribersContext() {
        callTool();
        PublisherSubscription s = call.subscribed(true);
        Object previous = s.upstream();
        Object inside = timeline.capture();
        assertThat(inside).isNotNull();
        Object beforeDownstream = s.downstream();
        assertThat(timeline.capture()).isNull();
        s.restore(beforeDownstream);
        assertThat(timeline.capture()).isSameAs(inside);
        s.restore(previous);
        assertThat(timeline.capture()).isNull();
    }

    @Test
    void aPublisherNoWrapperTakesEndsWhenTheMethodReturns() {
        timeline.endPublishersWith(PublisherWrapper.NONE);
        assertThat(callTool()).isSameAs(publisher);
        assertThat(ended()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(Status.COMPLETED));
    }
}
