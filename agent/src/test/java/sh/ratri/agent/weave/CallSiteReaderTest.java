package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DescribedValues;
import sh.ratri.agent.timeline.DroppedEvents;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Ids;
import sh.ratri.agent.timeline.Timeline;
import sh.ratri.agent.weave.recognize.RatriAnnotations;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.agent.weave.recognize.Recognizer;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where every annotation member starts: the annotations of real compiled classes, read as the
 * weaver reads them (Byte Buddy descriptions), into the call site's specs, observed as the events
 * a call of the site carries, member by member.
 */
class CallSiteReaderTest {

    private final List<String> problems = new ArrayList<>();
    private final CallSites callSites = new CallSites();

    // ---- fixtures: compiled with -parameters, as the build compiles every class ----

    static class Desk {
        @Session(kind = "pipeline", inputSummary = "Handle {ticketId}",
                metadata = {"channel=mail", "ticket={ticketId}"})
        void handle(String ticketId) {
        }

        @Session
        void openSession() {
        }

        @Session(metadata = {" spaced = value ", "flag", "=orphan"})
        void oddMetadata() {
        }

        @Session(inputSummary = "{nope} and {2} and {ticketId")
        void unresolvable(String ticketId) {
        }

        @Run(stepKey = "orchestrate", stepName = "Orchestrator {team}", stepIndex = 3, role = "lead")
        void orchestrate(String team) {
        }

        @Run
        void triageTicket() {
        }

        @ChildRun
        void draftReply() {
        }

        @ChildRun(stepKey = "worker", role = "reviewer")
        @Run(stepKey = "ignored")
        void both() {
        }

        @ChildRun(stepKey = "response-worker")
        @Handoff(reason = "Delegate {ticketId}", payloadSummary = {"ticketId={ticketId}", "priority=urgent"})
        void delegate(String ticketId) {
        }

        @Handoff
        void handOver() {
        }

        @WorkflowStep(stepKey = "triage", stepName = "Triage {ticketId}", stepIndex = 5)
        void triage(String ticketId) {
        }

        @WorkflowStep
        void composeReply() {
        }

        @Tool(name = "crm.lookup", riskLevel = RiskLevel.HIGH, action = @Action(type = "read", name = "find {customerId}"),
                resource = @Resource(type = "customer", externalId = "{customerId}"))
        String lookup(String customerId, int limit) {
            return "found";
        }

        @Tool
        void find() {
        }

        @Tool(name = "mail.send", action = @Action(type = "write"))
        void send() {
        }

        @Tool(resource = @Resource(externalId = "no type"))
        void resourceWithoutType() {
        }

        @Tool
        CompletionStage<String> later() {
            return CompletableFuture.completedFuture("x");
        }

        void plain() {
        }
    }

    interface Assistant {
        @Tool(name = "assistant.answer")
        @Run(stepKey = "assistant")
        String answer(String question);
    }

    static class Helpful implements Assistant {
        @Override
        @Tool(name = "helpful.answer")
        public String answer(String question) {
            return question;
        }
    }

    // ---- reading ----

    private CallSite read(Class<?> type, String method) {
        return read(type, method, false, Recognition.none());
    }

    private CallSite read(Class<?> type, String method, boolean recordToolArguments, Recognition recognition) {
        TypeDeclaration declaration = DescribedTypes.of(TypeDescription.ForLoadedType.of(type), recognition);
        return new CallSiteReader(problems::add, callSites, recognition, recordToolArguments)
                .read(declaration, declared(declaration, method), false);
    }

    /** The one method {@code name} that {@code type} declares, as the weavers read it. */
    static MethodDeclaration declared(TypeDeclaration type, String name) {
        List<MethodDeclaration> named = new ArrayList<>();
        for (MethodDeclaration m : type.methods()) {
            if (m.name().equals(name)) {
                named.add(m);
            }
        }
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }

    /** What the site's first event of {@code type} says, by member, for one call with {@code arguments}. */
    private Map<String, Object> described(CallSite site, EventType type, Object... arguments) {
        List<Event> events = new ArrayList<>();
        // the timeline writes the same event again: keep copies
        Timeline timeline = new Timeline(callSites, e -> events.add(e.copy()), new DroppedEvents(),
                new Ids(System.nanoTime()), true, 512);
        timeline.exit(timeline.enter(callSites.register(site), arguments), null, null);
        return DescribedValues.of(events.stream().filter(e -> e.type() == type).findFirst().orElseThrow());
    }

    // ---- @Session ----

    @Test
    void sessionMembersBecomeKindInputSummaryAndMetadataWithTemplatesRenderedPerCall() {
        CallSite site = read(Desk.class, "handle");

        assertThat(site.where()).isEqualTo("Desk.handle");
        assertThat(site.session()).isNotNull();
        assertThat(site.run()).isNull();
        assertThat(site.needsArguments()).isTrue();
        Map<String, Object> session = described(site, EventType.SESSION_STARTED, "T-42");
        assertThat(session).containsEntry("kind", "pipeline").containsEntry("inputSummary", "Handle T-42")
                .containsEntry("metadata", Map.of("channel", "mail", "ticket", "T-42"));
        assertThat(problems).isEmpty();
    }

    @Test
    void sessionDefaultsAreKindSessionNoInputSummaryAndNoMetadata() {
        CallSite site = read(Desk.class, "openSession");

        assertThat(site.needsArguments()).isFalse();
        assertThat(described(site, EventType.SESSION_STARTED)).containsEntry("kind", "session")
                .containsEntry("inputSummary", "").containsEntry("metadata", Map.of());
    }

    @Test
    void metadataPairsAreTrimmedAndAMemberWithoutEqualsIsAKeyWithAnEmptyValue() {
        Map<String, Object> session = described(read(Desk.class, "oddMetadata"), EventType.SESSION_STARTED);

        assertThat(session).extractingByKey("metadata")
                .isEqualTo(Map.of("spaced", "value", "flag", "", "", "orphan"));
    }

    @Test
    void aPlaceholderThatNamesNoParameterIsReportedWithItsAnnotationAndMethodAndLeftLiteral() {
        CallSite site = read(Desk.class, "unresolvable");

        assertThat(problems).containsExactly(
                "ratri: template in @Session on Desk.unresolvable: {nope}: no parameter named 'nope' "
                        + "(parameters: ticketId); left literal",
                "ratri: template in @Session on Desk.unresolvable: {2}: the method has 1 parameter(s); left literal");
        assertThat(described(site, EventType.SESSION_STARTED, "T-1"))
                .containsEntry("inputSummary", "{nope} and {2} and {ticketId");
    }

    // ---- @Run, @ChildRun, @Handoff ----

    @Test
    void runMembersBecomeStepKeyNameIndexAndRole() {
        CallSite site = read(Desk.class, "orchestrate");

        assertThat(site.run().child()).isFalse();
        assertThat(described(site, EventType.RUN_STARTED, "billing")).containsEntry("stepKey", "orchestrate")
                .containsEntry("stepName", "Orchestrator billing").containsEntry("stepIndex", 3)
                .containsEntry("role", "lead");
    }

    @Test
    void runDefaultsComeFromTheMethodNameAndTheRoleIsOrchestrator() {
        CallSite site = read(Desk.class, "triageTicket");

        assertThat(described(site, EventType.RUN_STARTED)).containsEntry("stepKey", "triage-ticket")
                .containsEntry("stepName", "Triage ticket").containsEntry("stepIndex", 0)
                .containsEntry("role", "orchestrator");
    }

    @Test
    void childRunIsAChildRunWhoseRoleDefaultsToWorker() {
        CallSite site = read(Desk.class, "draftReply");

        assertThat(site.run().child()).isTrue();
        assertThat(described(site, EventType.RUN_STARTED)).containsEntry("stepKey", "draft-reply")
                .containsEntry("role", "worker");
    }

    @Test
    void childRunWinsOverRunOnTheSameMethod() {
        CallSite site = read(Desk.class, "both");

        assertThat(site.run().child()).isTrue();
        assertThat(described(site, EventType.RUN_STARTED)).containsEntry("stepKey", "worker")
                .containsEntry("role", "reviewer");
    }

    @Test
    void handoffOnAChildRunIsBothAndTheChildRunTakesItsOwnHandoff() {
        CallSite site = read(Desk.class, "delegate");

        assertThat(site.handoff()).isNotNull();
        assertThat(site.run().child()).isTrue();
        assertThat(described(site, EventType.HANDOFF_REQUESTED, "T-7")).containsEntry("reason", "Delegate T-7")
                .extractingByKey("payloadSummary").isEqualTo(Map.of("ticketId", "T-7", "priority", "urgent"));
        assertThat(described(site, EventType.HANDOFF_COMPLETED, "T-7")).containsEntry("reason", "Delegate T-7");
        assertThat(described(site, EventType.RUN_STARTED, "T-7")).containsEntry("stepKey", "response-worker");
    }

    @Test
    void handoffDefaultsAreNoReasonAndNoPayload() {
        assertThat(described(read(Desk.class, "handOver"), EventType.HANDOFF_REQUESTED))
                .containsEntry("reason", "").containsEntry("payloadSummary", Map.of());
    }

    // ---- @WorkflowStep ----

    @Test
    void stepMembersBecomeStepKeyNameAndIndex() {
        assertThat(described(read(Desk.class, "triage"), EventType.STEP_STARTED, "T-3"))
                .containsEntry("stepKey", "triage").containsEntry("stepName", "Triage T-3")
                .containsEntry("stepIndex", 5);
    }

    @Test
    void stepDefaultsComeFromTheMethodName() {
        assertThat(described(read(Desk.class, "composeReply"), EventType.STEP_STARTED))
                .containsEntry("stepKey", "compose-reply").containsEntry("stepName", "Compose reply")
                .containsEntry("stepIndex", 0);
    }

    // ---- @Tool ----

    @Test
    void toolMembersBecomeNameRiskActionAndResource() {
        CallSite site = read(Desk.class, "lookup");

        assertThat(described(site, EventType.TOOL_STARTED, "C-9", 10)).containsEntry("name", "crm.lookup")
                .containsEntry("riskLevel", "high").containsEntry("actionType", "read")
                .containsEntry("actionName", "find C-9").containsEntry("resourceType", "customer")
                .containsEntry("resourceExternalId", "C-9").containsEntry("inputSummary", null);
    }

    @Test
    void toolDefaultsAreTheMethodsNameLowRiskExecuteAndNoResource() {
        assertThat(described(read(Desk.class, "find"), EventType.TOOL_STARTED))
                .containsEntry("name", "Desk.find").containsEntry("riskLevel", "low")
                .containsEntry("actionType", "execute").containsEntry("actionName", "Desk.find")
                .containsEntry("resourceType", null).containsEntry("resourceExternalId", null);
    }

    @Test
    void anActionWithoutANameIsNamedAfterTheTool() {
        assertThat(described(read(Desk.class, "send"), EventType.TOOL_STARTED))
                .containsEntry("actionType", "write").containsEntry("actionName", "mail.send");
    }

    @Test
    void aResourceWithoutATypeIsNoResource() {
        assertThat(described(read(Desk.class, "resourceWithoutType"), EventType.TOOL_STARTED))
                .containsEntry("resourceType", null).containsEntry("resourceExternalId", null);
    }

    @Test
    void withCaptureIoAToolsArgumentsAreRecordedUnderItsParameterNames() {
        CallSite site = read(Desk.class, "lookup", true, Recognition.none());

        assertThat(site.needsArguments()).isTrue();
        assertThat(described(site, EventType.TOOL_STARTED, "C-9", 10))
                .containsEntry("inputSummary", "customerId=C-9, limit=10");
    }

    @Test
    void aMethodReturningACompletionStageIsAsync() {
        assertThat(read(Desk.class, "later").async()).isTrue();
        assertThat(read(Desk.class, "find").async()).isFalse();
    }

    // ---- where annotations come from ----

    @Test
    void aMethodWithoutRatriAnnotationsHasNoCallSite() {
        assertThat(read(Desk.class, "plain")).isNull();
    }

    @Test
    void anImplementationTakesItsInterfaceMethodsAnnotationsAndItsOwnWin() {
        CallSite site = read(Helpful.class, "answer");

        assertThat(site.where()).isEqualTo("Helpful.answer");
        assertThat(site.declarations()).hasSize(2);
        assertThat(described(site, EventType.TOOL_STARTED, "why?")).containsEntry("name", "helpful.answer");
        assertThat(described(site, EventType.RUN_STARTED, "why?")).containsEntry("stepKey", "assistant");
    }

    @Test
    void aJdkProxyIsNamedAfterItsInterfaceAndReadsItsAnnotations() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Assistant.class},
                (p, method, args) -> null);
        TypeDeclaration type = DescribedTypes.of(TypeDescription.ForLoadedType.of(proxy.getClass()), Recognition.none());

        CallSite site = new CallSiteReader(problems::add, callSites, Recognition.none(), false)
                .read(type, declared(type, "answer"), true);

        assertThat(site.where()).isEqualTo("Assistant.answer");
        assertThat(site.standIn()).isTrue();
        assertThat(described(site, EventType.TOOL_STARTED, "why?")).containsEntry("name", "assistant.answer");
    }

    @Test
    void aRecognisedAnnotationIsReadAsAWrittenOneAndAWrittenOneWins() {
        Recognition recognition = Recognition.none().add(recognizing("plain",
                RatriAnnotations.of(AnnotationNames.TOOL).string("name", "recognised.plain").riskLevel("critical")
                        .build()));
        Recognition onWritten = Recognition.none().add(recognizing("send",
                RatriAnnotations.of(AnnotationNames.TOOL).string("name", "recognised.send").build()));

        assertThat(described(read(Desk.class, "plain", false, recognition), EventType.TOOL_STARTED))
                .containsEntry("name", "recognised.plain").containsEntry("riskLevel", "critical")
                .containsEntry("actionName", "recognised.plain");
        assertThat(described(read(Desk.class, "send", false, onWritten), EventType.TOOL_STARTED))
                .containsEntry("name", "mail.send");
    }

    @Test
    void anAnnotationLackingMembersAsFromAnOlderAnnotationsJarReadsAsItsDefaults() {
        TypeDescription olderTool = new ByteBuddy().makeAnnotation().name(AnnotationNames.TOOL).make()
                .getTypeDescription(); // @Tool with none of its members
        Recognition recognition = Recognition.none().add(recognizing("plain",
                AnnotationDescription.Builder.ofType(olderTool).build()));

        assertThat(described(read(Desk.class, "plain", false, recognition), EventType.TOOL_STARTED))
                .containsEntry("name", "Desk.plain").containsEntry("riskLevel", "low")
                .containsEntry("actionType", "execute").containsEntry("actionName", "Desk.plain")
                .containsEntry("resourceType", null);
    }

    @Test
    void withoutParameterNamesOnlyIndexPlaceholdersResolveAndToolArgumentsAreArgN() throws Exception {
        Class<?> unnamed = new ByteBuddy().subclass(Object.class).name("sh.ratri.woven.Unnamed")
                .defineMethod("handle", String.class, Visibility.PUBLIC).withParameters(String.class, int.class)
                .intercept(FixedValue.value("done"))
                .annotateMethod(AnnotationDescription.Builder.ofType(Tool.class)
                        .define("name", "by {0}, not {ticketId}").build())
                .make().load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();

        CallSite site = read(unnamed, "handle", true, Recognition.none());

        // reported twice: the name is also the action name it stands in for, and each is parsed on its own
        assertThat(problems).hasSize(2).containsOnly("ratri: template in @Tool on Unnamed.handle: {ticketId}: "
                + "parameter names are not in the class file (compile with javac -parameters, or use {0}, {1}…); "
                + "left literal");
        assertThat(described(site, EventType.TOOL_STARTED, "T-1", 2)).containsEntry("name", "by T-1, not {ticketId}")
                .containsEntry("inputSummary", "arg0=T-1, arg1=2");
    }

    private static Recognizer recognizing(String method, AnnotationDescription annotation) {
        return new Recognizer() {
            @Override
            public boolean mayDeclare(String internalName, byte[] classFile) {
                return true;
            }

            @Override
            public boolean mayDeclare(TypeDescription type) {
                return true;
            }

            @Override
            public List<AnnotationDescription> annotationsOf(TypeDescription woven, MethodDescription declaration) {
                return declaration.getName().equals(method) ? List.of(annotation) : List.of();
            }
        };
    }
}
