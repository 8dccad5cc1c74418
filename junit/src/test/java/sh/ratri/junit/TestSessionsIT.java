package sh.ratri.junit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.EventLog;
import sh.ratri.examples.support.EventSchema;
import sh.ratri.examples.support.ForkedJvm;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.examples.support.EventLog.attr;
import static sh.ratri.examples.support.EventLog.text;

/**
 * Real JUnit Platform launches of the fixture tests in a JVM under the agent, with no tracing code
 * in them: every test that traces something is a session of kind {@code test}.
 */
class TestSessionsIT {

    private static final String FIXTURES = "sh.ratri.junit.fixture.";

    @TempDir
    static Path dir;
    static ForkedJvm.Result result;
    static EventLog log;

    @BeforeAll
    static void runTheFixturesUnderTheAgent() throws Exception {
        result = launch(dir, "agent.key=fixture-suite", "OutcomesFixture");
        log = EventLog.read(dir.resolve("ratri-events"));
    }

    @Test
    void everyTestThatTracesIsOneSessionOfKindTest() {
        assertThat(testSessions()).extracting(s -> meta(s, "testMethod")).containsExactlyInAnyOrder(
                "passes", "failsAnAssertion", "abortsOnAnAssumption", "opensItsOwnSession", "handsWorkToAnExecutor",
                "perInput", "perInput", "stillOneSessionPerTest", "requestsAHandoffThroughTheExplicitApi");
        assertThat(testSessions()).allSatisfy(s -> assertThat(log.endOf(s)).isNotNull());
        EventSchema.assertAllValid(log.all());
    }

    @Test
    void aPassingTestsSessionHoldsItsAgentsAndCompletes() {
        JsonNode session = testSession("passes");
        assertThat(attr(session, "inputSummary")).isEqualTo("plans a trip");
        assertThat(session.at("/attributes/metadata/testClass").asText()).isEqualTo(FIXTURES + "OutcomesFixture");
        assertThat(session.at("/attributes/metadata/uniqueId").asText())
                .isEqualTo("[engine:junit-jupiter]/[class:" + FIXTURES + "OutcomesFixture]/[method:passes()]");
        String id = text(session, "sessionId");
        EventLog events = log.inSession(id);
        assertThat(events.types()).containsExactly("session.started", "run.started", "tool.started", "tool.ended",
                "run.ended", "session.ended");
        assertThat(attr(events.started("run.started", "planner"), "role")).isEqualTo("orchestrator");
        assertThat(events.tool("search.web").at("/attributes/tool/riskLevel").asText()).isEqualTo("medium");
        assertThat(attr(log.endOf(session), "status")).isEqualTo("completed");
        assertThat(result.stdout()).contains("RESULT SUCCESSFUL [engine:junit-jupiter]/[class:" + FIXTURES
                + "OutcomesFixture]/[method:passes()]");
    }

    @Test
    void aFailedAssertionFailsTheSessionWithTheAssertionsMessage() {
        JsonNode ended = log.endOf(testSession("failsAnAssertion"));
        assertThat(attr(ended, "status")).isEqualTo("failed");
        assertThat(ended.at("/attributes/error/type").asText()).isEqualTo("org.opentest4j.AssertionFailedError");
        assertThat(ended.at("/attributes/error/message").asText()).startsWith("the planner's answer ==> expected:");
        assertThat(result.stdout()).contains("RESULT FAILED [engine:junit-jupiter]/[class:" + FIXTURES
                + "OutcomesFixture]/[method:failsAnAssertion()]");
    }

    @Test
    void anAbortedTestCompletesWithTheAbortInItsOutput() {
        JsonNode ended = log.endOf(testSession("abortsOnAnAssumption"));
        assertThat(attr(ended, "status")).isEqualTo("completed");
        assertThat(attr(ended, "outputSummary")).isEqualTo("aborted: Assumption failed: no model key in this environment");
        assertThat(ended.at("/attributes/error").isMissingNode()).isTrue();
        assertThat(result.stdout()).contains("RESULT ABORTED");
    }

    @Test
    void aTestThatTracesNothingLeavesNothing() {
        assertThat(log.all()).noneMatch(e -> e.toString().contains("tracesNothing"));
        assertThat(result.stdout()).contains("[method:tracesNothing()] ");
    }

    @Test
    void aSessionOpenedInsideATestNamesTheTestsSessionAsItsParent() {
        JsonNode test = testSession("opensItsOwnSession");
        JsonNode pipeline = log.session("pipeline", "Research tides").single("session.started");
        assertThat(pipeline.at("/attributes/metadata/parentSessionId").asText()).isEqualTo(text(test, "sessionId"));
        EventLog inPipeline = log.inSession(text(pipeline, "sessionId"));
        JsonNode researcher = inPipeline.started("run.started", "researcher");
        assertThat(text(researcher, "parentRunId")).isEqualTo(text(inPipeline.started("run.started", "orchestrator"), "runId"));
        assertThat(inPipeline.types()).contains("handoff.requested", "handoff.completed");
        assertThat(log.inSession(text(test, "sessionId")).types()).containsExactly("session.started", "session.ended");
        assertThat(attr(log.endOf(test), "status")).isEqualTo("completed");
    }

    @Test
    void aHandoffRequestedInTheTestItselfFailsWhenTheTestEnds() {
        JsonNode test = testSession("requestsAHandoffThroughTheExplicitApi");
        EventLog events = log.inSession(text(test, "sessionId"));
        assertThat(events.types()).containsExactly("session.started", "handoff.requested", "handoff.failed",
                "session.ended");
        assertThat(attr(events.single("handoff.failed"), "reason")).isEqualTo("Nobody takes this");
    }

    @Test
    void workTheTestHandsToAnExecutorNestsUnderItsSession() {
        JsonNode test = testSession("handsWorkToAnExecutor");
        JsonNode run = log.inSession(text(test, "sessionId")).started("run.started", "planner");
        assertThat(text(run, "thread")).startsWith("pool-").isNotEqualTo(text(test, "thread"));
        assertThat(text(test, "thread")).isEqualTo("main");
    }

    @Test
    void eachInvocationOfAParameterizedTestIsASessionOfItsOwn() {
        List<JsonNode> invocations = testSessions().stream()
                .filter(s -> meta(s, "testMethod").equals("perInput")).toList();
        assertThat(invocations).extracting(s -> attr(s, "inputSummary")).containsExactlyInAnyOrder("[1] input=alpha", "[2] input=beta");
        assertThat(invocations).extracting(s -> s.at("/attributes/metadata/uniqueId").asText()).allSatisfy(id ->
                assertThat(id).contains("[test-template:perInput(java.lang.String)]/[test-template-invocation:#"));
        for (JsonNode invocation : invocations) {
            String input = attr(invocation, "inputSummary").substring("[1] input=".length());
            assertThat(log.inSession(text(invocation, "sessionId")).ofType("run.started"))
                    .extracting(r -> attr(r, "stepKey")).containsExactly(input);
        }
    }

    @Test
    void aNestedClassesTestNamesItsNestedClass() {
        JsonNode nested = testSession("stillOneSessionPerTest");
        assertThat(nested.at("/attributes/metadata/testClass").asText()).isEqualTo(FIXTURES + "OutcomesFixture$WhenNested");
        assertThat(nested.at("/attributes/metadata/uniqueId").asText()).contains("[nested-class:WhenNested]");
    }

    @Test
    void parallelTestsEachSeeOnlyTheirOwnEvents(@TempDir Path parallelDir) throws Exception {
        ForkedJvm.Result parallel = launch(parallelDir, "agent.key=fixture-suite", "--parallel", "ParallelFixture");
        assertThat(parallel.stdout().lines().filter(l -> l.startsWith("RESULT")))
                .hasSize(4).allSatisfy(line -> assertThat(line).startsWith("RESULT SUCCESSFUL"));
        EventLog events = EventLog.read(parallelDir.resolve("ratri-events"));
        List<JsonNode> sessions = events.ofType("session.started");
        assertThat(sessions).hasSize(4).extracting(s -> text(s, "thread")).doesNotHaveDuplicates()
                .allSatisfy(thread -> assertThat(thread).startsWith("ForkJoinPool-"));
        for (JsonNode session : sessions) {
            EventLog own = events.inSession(text(session, "sessionId"));
            assertThat(own.ofType("run.started")).hasSize(2).extracting(r -> text(r, "thread"))
                    .containsOnly(text(session, "thread"));
        }
        EventSchema.assertAllValid(events.all());
    }

    @Test
    void withoutJUnitRecognitionTestsAreNoSessionsAndAskingForATimelineFails(@TempDir Path off) throws Exception {
        ForkedJvm.Result r = launch(off, "recognize=none", "OutcomesFixture", "TimelineWantingFixture");
        EventLog events = EventLog.read(off.resolve("ratri-events"));
        assertThat(events.ofType("session.started")).extracting(s -> attr(s, "kind")).doesNotContain("test")
                .contains("implicit", "pipeline");
        assertThat(events.session("pipeline", "Research tides").single("session.started")
                .at("/attributes/metadata").has("parentSessionId")).isFalse();
        assertThat(r.stdout()).contains("RESULT FAILED [engine:junit-jupiter]/[class:" + FIXTURES
                + "TimelineWantingFixture]/[method:wantsItsTimeline(sh.ratri.junit.RecordedTimeline)] No RecordedTimeline for "
                + "wantsItsTimeline(RecordedTimeline): the Ratri agent cannot record this session: no session is open on "
                + "this thread (the agent opens a session per test unless its `recognize` setting leaves out junit)");
        assertThat(r.stdout()).contains("RESULT SUCCESSFUL [engine:junit-jupiter]/[class:" + FIXTURES
                + "TimelineWantingFixture]/[method:asksForNothing()]");
    }

    @Test
    void theReleaseGateIsAssertedThroughTheExtensionUnderEnforce(@TempDir Path gate) throws Exception {
        Path examples = Path.of(System.getProperty("user.dir")).resolve("../examples/release-gate").normalize();
        ForkedJvm.Result r = launch(gate, "agent.key=release-bot,mode=enforce,capabilities="
                + examples.resolve("capabilities.json"), "ReleaseGateFixture");
        assertThat(r.stdout()).contains("RESULT SUCCESSFUL [engine:junit-jupiter]/[class:" + FIXTURES
                + "ReleaseGateFixture]/[method:blocksTheProductionDeployWithoutApproval(sh.ratri.junit.RecordedTimeline)]");
        EventLog events = EventLog.read(gate.resolve("ratri-events"));
        JsonNode test = events.session("test", "blocksTheProductionDeployWithoutApproval(RecordedTimeline)")
                .single("session.started");
        assertThat(attr(events.endOf(test), "status")).isEqualTo("completed"); // the test expected the block
        JsonNode release = events.session("release", "Release 1.4.2").single("session.started");
        assertThat(release.at("/attributes/metadata/parentSessionId").asText()).isEqualTo(text(test, "sessionId"));
        assertThat(attr(events.endOf(release), "status")).isEqualTo("blocked");
        EventSchema.assertAllValid(events.all());
    }

    /** The CI recipe's gate on a suite with a failing test: exit 3 and one line naming the test's session. */
    @Test
    void theGateFailsOnTheFailedTestsSessionAndTheSummaryListsTheTests() throws Exception {
        ForkedJvm.Result gate = ForkedJvm.cli(dir, "replay", "ratri-events", "--fail-on", "failed");
        assertThat(gate.exitCode()).isEqualTo(3);
        String failed = text(testSession("failsAnAssertion"), "sessionId");
        assertThat(gate.stderr()).contains("session " + failed).contains("AssertionFailedError");

        ForkedJvm.Result sameAsBaseline = ForkedJvm.cli(dir, "replay", "ratri-events", "--diff", "ratri-events",
                "--fail-on", "new-tool,risk-up,missing-step");
        assertThat(sameAsBaseline.exitCode()).as(sameAsBaseline.toString()).isZero();
        assertThat(sameAsBaseline.stdout()).contains("10 matched");

        ForkedJvm.Result markdown = ForkedJvm.cli(dir, "replay", "ratri-events", "--markdown", "-");
        assertThat(markdown.exitCode()).isZero();
        assertThat(markdown.stdout()).contains("plans a trip", "input=alpha", "input=beta", "failsAnAssertion()");
    }

    static ForkedJvm.Result launch(Path workDir, String agentArgs, String... arguments) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(FIXTURES + "FixtureLauncher", applicationClassPath(), arguments)
                .in(workDir).agentArgs(agentArgs).run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private List<JsonNode> testSessions() {
        return log.ofType("session.started").stream().filter(s -> attr(s, "kind").equals("test")).toList();
    }

    private JsonNode testSession(String method) {
        return log.single("session.started", s -> attr(s, "kind").equals("test")
                && meta(s, "testMethod").equals(method));
    }

    private static String meta(JsonNode session, String key) {
        return session.at("/attributes/metadata/" + key).asText();
    }

    /**
     * This module's classes, JUnit, the examples and the annotations, from the class path the tests
     * run with (failsafe names it in {@code surefire.test.class.path}), without the agent's own jar.
     */
    static List<Path> applicationClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("ratri-agent") && !entry.contains("agent" + File.separator + "target"))
                .map(Path::of).toList();
    }
}
