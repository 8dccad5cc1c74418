package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WeaveRulesTest {

    /** Written annotations: what each rule below must produce, value for value. */
    static class Written {
        @Tool(name = "deploy.prod", riskLevel = RiskLevel.HIGH, action = @Action(type = "deploy"),
              resource = @Resource(type = "environment", externalId = "{0}"))
        void deploy(String environment) {
        }

        @Run(stepKey = "{0} agent", role = "worker", stepIndex = 3)
        void handle(String team, int priority) {
        }

        @Session(kind = "pipeline", inputSummary = "Handle {0}", metadata = {"team=ops", "tier=1"})
        void session(String ticket) {
        }

        @Handoff(reason = "Delegate draft", payloadSummary = {"ticketId={0}"})
        void delegate(String ticket) {
        }

        @Tool(action = @Action(type = "write", name = "crm.write"))
        void write(String[] rows, java.util.List<String> notes) {
        }
    }

    private final List<String> problems = new ArrayList<>();

    private WeaveRules rules(String... lines) {
        return WeaveRules.parse("ops.rules", List.of(lines), problems::add);
    }

    private static MethodDescription method(String name) {
        return TypeDescription.ForLoadedType.of(Written.class).getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.named(name)).getOnly();
    }

    private static AnnotationDescription written(String method) {
        return method(method).getDeclaredAnnotations().get(0);
    }

    private static AnnotationDescription only(WeaveRules rules, String method) {
        List<AnnotationDescription> found = rules.annotationsOf(TypeDescription.ForLoadedType.of(Written.class),
                method(method));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void toolRuleWithShortFormsIsTheWrittenToolAnnotation() {
        WeaveRules rules = rules(Written.class.getName()
                + "#deploy(java.lang.String) = tool name=deploy.prod risk=high action=deploy resource=environment:{0}");

        assertThat(problems).isEmpty();
        assertThat(only(rules, "deploy")).isEqualTo(written("deploy"));
    }

    @Test
    void runRuleWithGlobsQuotedValueAndAnyParameters() {
        WeaveRules rules = rules("sh.ratri.agent.weave.*Test$Writ*#hand*(..) = run stepKey=\"{0} agent\" role=worker stepIndex=3");

        assertThat(problems).isEmpty();
        assertThat(only(rules, "handle")).isEqualTo(written("handle"));
    }

    @Test
    void arrayMembersAreGivenOneKeyEach() {
        WeaveRules rules = rules(
                "*Written#session(String) = session kind=pipeline inputSummary=\"Handle {0}\" metadata=team=ops metadata=tier=1",
                "*Written#delegate = handoff reason=\"Delegate draft\" payloadSummary=ticketId={0}");

        assertThat(problems).isEmpty();
        assertThat(only(rules, "session")).isEqualTo(written("session"));
        assertThat(only(rules, "delegate")).isEqualTo(written("delegate"));
    }

    @Test
    void actionWithNameAndArrayAndGenericParameterTypes() {
        WeaveRules rules = rules("*Written#write(java.lang.String[], java.util.List) = tool action=write:crm.write");

        assertThat(problems).isEmpty();
        assertThat(only(rules, "write")).isEqualTo(written("write"));
    }

    @Test
    void parameterTypesMustMatchInNumberAndName() {
        WeaveRules rules = rules("*Written#handle(String) = run", "*Written#handle(java.lang.String, long) = run",
                "*Written#handle() = run", "*Written#handle(String, int) = step");

        assertThat(problems).isEmpty();
        List<AnnotationDescription> found = rules.annotationsOf(TypeDescription.ForLoadedType.of(Written.class),
                method("handle"));
        assertThat(found).singleElement().extracting(a -> a.getAnnotationType().getName())
                .isEqualTo("sh.ratri.annotations.WorkflowStep");
    }

    @Test
    void classGlobDecidesWhichClassesAreLookedAtBeforeParsing() {
        WeaveRules rules = rules("com.acme.*Agent#handle(..) = run");

        assertThat(rules.mayDeclare("com/acme/BillingAgent", new byte[0])).isTrue();
        assertThat(rules.mayDeclare("com/acme/Billing", new byte[0])).isFalse();
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        WeaveRules rules = rules("# tools of the ops team", "", "   ", "*Written#deploy(..) = tool  # the deploy tool");

        assertThat(problems).isEmpty();
        assertThat(rules.rules()).singleElement().extracting(WeaveRule::kind).isEqualTo("tool");
    }

    @Test
    void eachBadRuleIsOneLineNamingFileLineAndProblemAndTheOthersStillApply() {
        WeaveRules rules = rules(
                "com.acme.Ops#deploy(String) = tool risk=extreme",
                "com.acme.Ops#deploy(String) = tool riks=high",
                "com.acme.Ops#deploy(String) = gadget",
                "com.acme.Ops deploy = tool",
                "com.acme.Ops#deploy(String = tool",
                "com.acme.Ops#deploy(String) tool",
                "com.acme.Ops#deploy(String) = tool name=\"unclosed",
                "com.acme.Ops#deploy(String) = tool resource=environment",
                "com.acme.Ops#deploy(String) = run stepIndex=first",
                "com.acme.Ops#deploy(String) = tool name=a name=b",
                "com.acme.Ops#deploy(String) = session metadata=team",
                "com.acme.Ops#ok(..) = tool");

        assertThat(problems).containsExactly(
                "ratri: weave rules ops.rules line 1: risk='extreme' is no risk level (low, medium, high, critical); rule ignored",
                "ratri: weave rules ops.rules line 2: unknown key 'riks' for tool (keys: name, riskLevel, risk, action, resource); rule ignored",
                "ratri: weave rules ops.rules line 3: unknown kind 'gadget' (one of session, run, childRun, step, tool, handoff); rule ignored",
                "ratri: weave rules ops.rules line 4: 'com.acme.Ops deploy' is not Class#method(..); rule ignored",
                "ratri: weave rules ops.rules line 5: 'deploy(String': the parameter list has no closing ')'; rule ignored",
                "ratri: weave rules ops.rules line 6: expected 'Class#method(..) = kind key=value …'; rule ignored",
                "ratri: weave rules ops.rules line 7: a double quote is not closed; rule ignored",
                "ratri: weave rules ops.rules line 8: resource='environment': expected type:externalId; rule ignored",
                "ratri: weave rules ops.rules line 9: stepIndex='first' is not a whole number; rule ignored",
                "ratri: weave rules ops.rules line 10: 'name' is given twice; rule ignored",
                "ratri: weave rules ops.rules line 11: metadata='team': each item is key=value; rule ignored");
        assertThat(rules.rules()).hasSize(1);
    }

    @Test
    void missingFileIsOneLineAndNoRule() {
        WeaveRules rules = WeaveRules.load("/nonexistent/ops.rules", problems::add);

        assertThat(rules.rules()).isEmpty();
        assertThat(problems).singleElement().asString()
                .startsWith("ratri: weave rules /nonexistent/ops.rules: cannot be read (java.nio.file.NoSuchFileException");
    }
}
