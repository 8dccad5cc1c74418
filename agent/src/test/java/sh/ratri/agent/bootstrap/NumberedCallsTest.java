package sh.ratri.agent.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entry points older annotations jars call (number codes, positional values) reach the named
 * explicit-API calls with every option in its place; OldAnnotationsJarIT runs such a jar end to end.
 */
class NumberedCallsTest {

    private final List<String> calls = new ArrayList<>();

    @BeforeEach
    void installRecordingRuntime() {
        Bridge.install(null, new RecordingCalls());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null, null);
    }

    @Test
    void eachNumberedKindOpensTheNamedItemWithItsOptionsInPlace() {
        assertThat(Bridge.explicitEnter(0, new String[] {"pipeline", "Handle it", "triggerKind", "mail"}, -1))
                .isEqualTo("scope");
        Bridge.explicitEnter(1, new String[] {"orchestrator", "Orchestrator", "orchestrator"}, 0);
        Bridge.explicitEnter(2, new String[] {"worker", "Worker", "worker"}, 2);
        Bridge.explicitEnter(3, new String[] {"triage", "Triage"}, 1);
        Bridge.explicitEnter(4, new String[] {"deploy", "critical", "deploy", "deploy.prod", "environment", "prod"}, -1);
        Bridge.explicitEnter(4, new String[] {"git.status", "low", "execute", "git.status", null, ""}, -1);

        assertThat(calls).containsExactly(
                "session(pipeline, Handle it, [triggerKind, mail])",
                "run(orchestrator, Orchestrator, 0, orchestrator)",
                "childRun(worker, Worker, 2, worker)",
                "workflowStep(triage, Triage, 1)",
                "tool(deploy, critical, deploy, deploy.prod, environment, prod)",
                "tool(git.status, low, execute, git.status, null, )");
    }

    @Test
    void currentIdAndNoteBecomeTheNamedGettersAndSetters() {
        assertThat(Bridge.currentId(0)).isEqualTo("session-1");
        assertThat(Bridge.currentId(1)).isEqualTo("run-1");
        Bridge.note(null, "looked around");
        Bridge.note("model", "gpt-x");

        assertThat(calls).containsExactly("currentSessionId()", "currentRunId()", "setOutputSummary(looked around)",
                "addAttribute(model, gpt-x)");
    }

    @Test
    void valuesTheirKindDoesNotFitOpenNothingAndNeverThrow() {
        assertThat(Bridge.explicitEnter(4, new String[] {"deploy", "critical"}, -1)).isNull();
        assertThat(Bridge.explicitEnter(0, null, -1)).isNull();
        assertThat(Bridge.explicitEnter(5, new String[] {"x", "y", "z"}, -1)).isNull();

        assertThat(calls).isEmpty();
    }

    @Test
    void withoutARuntimeEveryEntryPointAnswersAsIfNothingWereTraced() {
        Bridge.install(null, null);
        Object[] arguments = {"a"};

        assertThat(Bridge.enter(1, null, arguments)).isNull();
        assertThat(Bridge.exitPublisher("scope", "returned", null)).isEqualTo("returned");
        assertThat(Bridge.llmArguments("scope", arguments)).isSameAs(arguments);
        assertThat(Bridge.explicitEnter(3, new String[] {"triage", "Triage"}, 1)).isNull();
        assertThat(Bridge.currentSessionId()).isNull();
        assertThat(Bridge.declareCapabilities("{}")).isFalse();
        assertThat(Bridge.startRecording()).isEqualTo("the Ratri agent is not running in this JVM");
    }

    /** Answers every call and writes it down as {@code name(arguments)}. */
    private final class RecordingCalls implements Bridge.ExplicitCalls {

        private Object called(String name, Object... arguments) {
            StringBuilder call = new StringBuilder(name).append('(');
            for (int i = 0; i < arguments.length; i++) {
                Object argument = arguments[i];
                call.append(i == 0 ? "" : ", ")
                        .append(argument instanceof String[] ? Arrays.toString((String[]) argument) : argument);
            }
            calls.add(call.append(')').toString());
            return "scope";
        }

        @Override
        public Object session(String kind, String inputSummary, String[] metadataPairs) {
            return called("session", kind, inputSummary, metadataPairs);
        }

        @Override
        public Object run(String stepKey, String stepName, int stepIndex, String role) {
            return called("run", stepKey, stepName, stepIndex, role);
        }

        @Override
        public Object childRun(String stepKey, String stepName, int stepIndex, String role) {
            return called("childRun", stepKey, stepName, stepIndex, role);
        }

        @Override
        public Object workflowStep(String stepKey, String stepName, int stepIndex) {
            return called("workflowStep", stepKey, stepName, stepIndex);
        }

        @Override
        public Object tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                           String externalId) {
            return called("tool", name, riskLevel, actionType, actionName, resourceType, externalId);
        }

        @Override
        public String handoffRequested(String reason, String[] payloadPairs) {
            called("handoffRequested", reason, payloadPairs);
            return "handoff-1";
        }

        @Override
        public boolean handoffCompleted() {
            called("handoffCompleted");
            return true;
        }

        @Override
        public String currentSessionId() {
            called("currentSessionId");
            return "session-1";
        }

        @Override
        public String currentRunId() {
            called("currentRunId");
            return "run-1";
        }

        @Override
        public void setOutputSummary(String summary) {
            called("setOutputSummary", summary);
        }

        @Override
        public void addAttribute(String key, String value) {
            called("addAttribute", key, value);
        }

        @Override
        public boolean declareCapabilities(String json) {
            called("declareCapabilities", json);
            return true;
        }

        @Override
        public Object startRecording() {
            return called("startRecording");
        }

        @Override
        public Map<String, Object> readRecording(Object recording, boolean stop) {
            called("readRecording", recording, stop);
            return Map.of();
        }
    }
}
