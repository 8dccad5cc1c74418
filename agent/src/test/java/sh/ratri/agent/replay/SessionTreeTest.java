package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.json.JsonReader;

class SessionTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SessionNode> build(List<String> lines) throws Exception {
        List<RecordedEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            events.add(RecordedEvent.fromJson(JsonReader.read(lines.get(i))));
        }
        return SessionTree.build(EventLog.of(events).events());
    }

    @Test
    void childRunHangsUnderItsParentRun() throws Exception {
        List<SessionNode> sessions = build(TimelineFixture.supportOps("s-1", "2026-11-25T03:45:31.000000Z").lines());

        Node.Run orchestrator = sessions.get(0).runs().get(0);
        assertThat(orchestrator.children()).filteredOn(Node.Run.class::isInstance)
                .singleElement().extracting(node -> ((Node.Run) node).stepKey()).isEqualTo("response-worker");
    }

    @Test
    void runsNamingEachOtherAsParentStillAppearOnce() throws Exception {
        List<String> lines = new TimelineFixture("s-1", "2026-11-25T03:45:31.000000Z")
                .runStarted("run-a", "run-b", "a", "A", 0, "worker")
                .runStarted("run-b", "run-a", "b", "B", 1, "worker")
                .lines();

        List<SessionNode> sessions = build(lines);

        Node.Run top = sessions.get(0).runs().get(0);
        assertThat(sessions.get(0).runs()).hasSize(1);
        assertThat(top.children()).singleElement()
                .satisfies(child -> assertThat(((Node.Run) child).children()).isEmpty());
    }

    @Test
    void toolCalledInsideAStepHangsUnderThatStep() throws Exception {
        TimelineFixture fixture = new TimelineFixture("s-1", "2026-11-25T03:45:31.000000Z")
                .runStarted("run-1", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .stepStarted("step-1", "run-1", "lookup", "Lookup", 1);
        fixture.event("tool.started", java.util.Map.of("toolCallId", "tool-1", "runId", "run-1", "stepId", "step-1"),
                JSON.createObjectNode().set("tool", JSON.createObjectNode().put("name", "crm.lookup")));

        Node.Run run = build(fixture.lines()).get(0).runs().get(0);

        assertThat(run.children()).singleElement().isInstanceOfSatisfying(Node.Step.class,
                step -> assertThat(step.children()).singleElement().isInstanceOf(Node.Tool.class));
    }
}
