package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;
import sh.ratri.agent.pricing.PricingTest;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Status;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LlmCallsTest {

    private final List<Event> events = new ArrayList<>();
    private final CallSites callSites = new CallSites();
    private final Timeline timeline = new Timeline(callSites, this::offer, new DroppedEvents(),
            new Ids(System.nanoTime()), true, 512);

    private synchronized boolean offer(Event event) {
        events.add(event.copy()); // the timeline writes the same event again
        return true;
    }

    /** Reads requests as (model, prompt) argument pairs; ends blocking calls with a fixed reply. */
    private static final LlmReader READER = new LlmReader() {
        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            return new LlmRequest("openai", (String) arguments[0], arguments[1]);
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            if (returned instanceof LlmResponse response) {
                call.end(response);
            }
            return returned;
        }
    };
    private static final int READER_ID = LlmReaders.register(READER);

    private Object runScope() {
        int run = callSites.register(new CallSite("Test.run", null, null,
                new RunSpec(Template.constant("agent"), Template.constant("Agent"), -1, Template.constant("orchestrator"),
                        false), null, null));
        return timeline.enter(run, null);
    }

    private List<EventType> types() {
        return events.stream().map(Event::type).toList();
    }

    /** Replies through a handler argument: a {@code Consumer<LlmResponse>} stand-in ends the call, when the second argument asks for one. */
    private static final LlmReader HANDLER_READER = new LlmReader() {
        @Override
        public LlmRequest request(Object receiver, Object[] arguments) {
            return new LlmRequest("openai", (String) arguments[0], null);
        }

        @Override
        public Object[] arguments(LlmCall call, Object[] arguments) {
            if (!"stand-in".equals(arguments[1])) {
                return arguments;
            }
            Object[] replaced = arguments.clone();
            replaced[1] = (java.util.function.Consumer<LlmResponse>) call::end;
            return replaced;
        }

        @Override
        public Object returned(LlmCall call, Object returned) {
            call.end(LlmResponse.NONE);
            return returned;
        }
    };
    private static final int HANDLER_READER_ID = LlmReaders.register(HANDLER_READER);

    @Test
    @SuppressWarnings("unchecked")
    void aCallWhoseHandlerIsReplacedEndsOnceWhenTheStandInGetsTheReplyOnAnotherThreadNotWhenItReturns()
            throws InterruptedException {
        Object run = runScope();
        Object[] arguments = {"gpt-4o", "stand-in"};
        Object call = timeline.llmEnter(HANDLER_READER_ID, null, arguments);
        Object[] given = timeline.llmArguments(call, arguments);
        assertThat(given).isNotSameAs(arguments);
        assertThat(timeline.llmExit(call, null, null)).isNull();
        assertThat(types()).doesNotContain(EventType.LLM_ENDED);

        java.util.function.Consumer<LlmResponse> handler = (java.util.function.Consumer<LlmResponse>) given[1];
        Thread model = new Thread(() -> {
            handler.accept(new LlmResponse("gpt-4o", 7, 3, LlmResponse.UNKNOWN, LlmResponse.UNKNOWN, "stop", "done"));
            handler.accept(LlmResponse.NONE);
        });
        model.start();
        model.join();
        timeline.exit(run, null, null);

        assertThat(types()).containsExactly(EventType.SESSION_STARTED, EventType.RUN_STARTED, EventType.LLM_STARTED,
                EventType.LLM_ENDED, EventType.RUN_ENDED, EventType.SESSION_ENDED);
        Event ended = events.get(3);
        assertThat(ended.runId()).isEqualTo(events.get(1).runId());
        assertThat(ended.output()).isEqualTo("done");
        assertThat(ended.llm().inputTokens()).isEqualTo(7);
    }

    @Test
    void aCallWhoseHandlerCouldNotBeReplacedEndsWhenItReturns() {
        Object[] arguments = {"gpt-4o", "kept"};
        Object call = timeline.llmEnter(HANDLER_READER_ID, null, arguments);
        assertThat(timeline.llmArguments(call, arguments)).isSameAs(arguments);
        timeline.llmExit(call, null, null);

        assertThat(types()).containsExactly(EventType.SESSION_STARTED, EventType.LLM_STARTED, EventType.LLM_ENDED,
                EventType.SESSION_ENDED);
    }

    @Test
    void aModelCallInARunIsOnePairCarryingTheRunIdAndTheReply() {
        Object run = runScope();
        Object call = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "hello"});
        LlmResponse reply = new LlmResponse("gpt-4o-2024-08-06", 12, 5, 4, 2, "stop", "hi there");
        assertThat(timeline.llmExit(call, reply, null)).isSameAs(reply);
        timeline.exit(run, null, null);

        assertThat(types()).containsExactly(EventType.SESSION_STARTED, EventType.RUN_STARTED, EventType.LLM_STARTED,
                EventType.LLM_ENDED, EventType.RUN_ENDED, EventType.SESSION_ENDED);
        Event started = events.get(2);
        Event ended = events.get(3);
        long runId = events.get(1).runId();
        assertThat(started.runId()).isEqualTo(runId);
        assertThat(ended.runId()).isEqualTo(runId);
        assertThat(started.llmCallId()).isNotZero().isEqualTo(ended.llmCallId());
        assertThat(started.values()).containsExactly("openai", "gpt-4o", "hello");
        assertThat(ended.status()).isEqualTo(Status.COMPLETED);
        assertThat(ended.output()).isEqualTo("hi there");
        assertThat(ended.llm()).isEqualTo(new LlmOutcome("gpt-4o-2024-08-06", 12, 5, 4, 2, "stop", Double.NaN));
    }

    @Test
    void aCallThroughASecondRecognisedLayerIsRecordedOnceByTheOuterLayer() {
        Object outer = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "hello"});
        Object inner = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "hello"});
        assertThat(inner).isNull();
        timeline.llmExit(outer, LlmResponse.NONE, null);

        assertThat(types()).containsExactly(EventType.SESSION_STARTED, EventType.LLM_STARTED, EventType.LLM_ENDED,
                EventType.SESSION_ENDED);
        assertThat(events.get(0).values()[0]).isEqualTo("implicit");
        // once ended, the call no longer silences a new one
        Object next = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "again"});
        assertThat(next).isNotNull();
        timeline.llmExit(next, LlmResponse.NONE, null);
    }

    @Test
    void aStreamedReplyEndsWhenItsLastPartArrivesOnAnotherThreadAndOnlyOnce() throws Exception {
        Object scope = timeline.llmEnter(READER_ID, null, new Object[] {"claude-sonnet-4", "hi"});
        Object stream = new Object();
        assertThat(timeline.llmExit(scope, stream, null)).isSameAs(stream);
        assertThat(types()).doesNotContain(EventType.LLM_ENDED);

        LlmCall call = (LlmCall) scope;
        Thread reader = new Thread(() -> call.end(new LlmResponse(null, 3, 7, -1, -1, "end_turn", null)), "sse");
        reader.start();
        reader.join();
        call.fail(new IllegalStateException("late"), null);

        List<Event> ended = events.stream().filter(e -> e.type() == EventType.LLM_ENDED).toList();
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).thread()).isEqualTo("sse");
        assertThat(ended.get(0).llm().model()).isNull(); // the request's model stays on llm.started
        assertThat(ended.get(0).llm().outputTokens()).isEqualTo(7);
    }

    @Test
    void aFailedCallEndsFailedWithTheError() {
        Object scope = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "hi"});
        timeline.llmExit(scope, null, new IllegalStateException("500 Internal Server Error"));

        Event ended = events.stream().filter(e -> e.type() == EventType.LLM_ENDED).findFirst().orElseThrow();
        assertThat(ended.status()).isEqualTo(Status.FAILED);
        assertThat(ended.error()).isEqualTo(new Failure("java.lang.IllegalStateException", "500 Internal Server Error"));
        assertThat(events.get(events.size() - 1).status()).isEqualTo(Status.FAILED); // the implicit session
    }

    @Test
    void aPricedModelGetsItsCostFromTheReplyModel() throws Exception {
        timeline.priceWith(PricingTest.pricing("{\"models\": {\"gpt-4o*\": {\"inputPerMillion\": 2.5, "
                + "\"outputPerMillion\": 10, \"cachedInputPerMillion\": 1.25}}}"));
        Object scope = timeline.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "hi"});
        timeline.llmExit(scope, new LlmResponse("gpt-4o-mini", 1000, 100, 400, -1, "stop", null), null);

        Event ended = events.stream().filter(e -> e.type() == EventType.LLM_ENDED).findFirst().orElseThrow();
        // (600 × 2.5 + 400 × 1.25 + 100 × 10) / 10^6
        assertThat(ended.llm().costUsd()).isEqualTo(0.003);
    }

    @Test
    void withoutCaptureIoNeitherPromptNorReplyIsSummarised() {
        Timeline quiet = new Timeline(callSites, this::offer, new DroppedEvents(), new Ids(System.nanoTime()), false, 512);
        Object scope = quiet.llmEnter(READER_ID, null, new Object[] {"gpt-4o", "secret prompt"});
        quiet.llmExit(scope, new LlmResponse(null, 1, 1, -1, -1, null, "secret reply"), null);

        assertThat(events.get(1).values()[2]).isNull();
        assertThat(events.get(2).output()).isNull();
    }
}
