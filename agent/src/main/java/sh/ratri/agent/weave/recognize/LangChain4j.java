package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.weave.AnnotationNames;
import sh.ratri.agent.weave.Names;
import sh.ratri.agent.weave.ProxyClasses;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * LangChain4j (tested with 1.19.0 and langchain4j-agentic 1.19.0-beta29), by name:
 * <ul>
 * <li>a method annotated {@code dev.langchain4j.agent.tool.Tool} is a tool: named by the
 *     annotation's {@code name}, else the method's; risk {@code low};</li>
 * <li>a call of an AI service or of an agentic agent is a run: the JDK proxy that LangChain4j
 *     makes for the service's interface is woven as the interface's methods with a
 *     {@code @ChildRun} (a run of its own when no run is open); {@code stepKey} is the agentic
 *     annotation's {@code name}, else the interface's simple name in kebab-case; a workflow
 *     (sequence, parallel, loop, conditional, supervisor) has the role {@code orchestrator}, an
 *     AI agent or service {@code worker};</li>
 * <li>a workflow's delegation to a sub-agent ({@code AgentExecutor}) is a handoff from the
 *     workflow's run, which the sub-agent's run takes.</li>
 * </ul>
 * An agent's proxy forwards to its AI service's proxy on the same thread: both are stand-ins for
 * the same interface method, so that is one run.
 */
public final class LangChain4j implements Recognizer {

    public static final String NAME = "langchain4j";

    private static final String PACKAGE = "dev.langchain4j.";
    private static final String TOOL = "dev.langchain4j.agent.tool.Tool";
    private static final byte[] TOOL_DESCRIPTOR = "Ldev/langchain4j/agent/tool/Tool;".getBytes(StandardCharsets.US_ASCII);
    private static final String AGENTIC = "dev.langchain4j.agentic.";
    private static final String AGENT_EXECUTOR = "dev.langchain4j.agentic.internal.AgentExecutor";
    private static final String AGENT_EXECUTOR_FILE = AGENT_EXECUTOR.replace('.', '/');
    /** Where LangChain4j makes the proxies of workflows, as opposed to AI agents and services. */
    private static final Set<String> WORKFLOW_MAKERS = Set.of("dev.langchain4j.agentic.internal.AgentUtil",
            "dev.langchain4j.agentic.internal.PlannerBasedInvocationHandler");

    static final String DELEGATION = "Delegate to sub-agent";

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        if (ProxyClasses.mayBeJdkProxy(internalName)) {
            return madeByLangChain4j(ProxyRequester.className());
        }
        return internalName.equals(AGENT_EXECUTOR_FILE) || ByteSearch.contains(classFile, TOOL_DESCRIPTOR);
    }

    @Override
    public boolean mayDeclare(TypeDescription type) {
        if (isJdkProxy(type)) {
            return madeByLangChain4j(ProxyRequester.className());
        }
        if (type.getName().equals(AGENT_EXECUTOR)) {
            return true;
        }
        for (MethodDescription m : type.getDeclaredMethods()) {
            if (annotation(m, TOOL) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<AnnotationDescription> annotationsOf(TypeDescription woven, MethodDescription declaration) {
        AnnotationDescription tool = annotation(declaration, TOOL);
        if (tool != null) {
            String name = string(tool, "name");
            return List.of(RatriAnnotations.of(AnnotationNames.TOOL)
                    .string("name", name.isEmpty() ? declaration.getName() : name).riskLevel("low").build());
        }
        if (woven.getName().equals(AGENT_EXECUTOR) && declaration.getName().equals("execute")
                && declaration.getParameters().size() == 3) {
            return List.of(RatriAnnotations.of(AnnotationNames.HANDOFF).string("reason", DELEGATION).build());
        }
        if (isJdkProxy(woven) && isServiceMethod(declaration)) {
            String requester = ProxyRequester.className();
            if (madeByLangChain4j(requester)) {
                return List.of(run(declaration, WORKFLOW_MAKERS.contains(requester) ? "orchestrator" : "worker"));
            }
        }
        return List.of();
    }

    private static AnnotationDescription run(MethodDescription declaration, String role) {
        String service = declaration.getDeclaringType().asErasure().getSimpleName();
        String stepKey = Names.kebab(service);
        for (AnnotationDescription a : declaration.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().startsWith(AGENTIC)) {
                String name = string(a, "name");
                if (!name.isEmpty()) {
                    stepKey = name;
                    break;
                }
            }
        }
        return RatriAnnotations.of(AnnotationNames.CHILD_RUN).string("stepKey", stepKey)
                .string("stepName", Names.humanise(service)).string("role", role).build();
    }

    /** An abstract method of the application's own interface: what the service's proxy answers by calling a model. */
    private static boolean isServiceMethod(MethodDescription declaration) {
        TypeDefinition owner = declaration.getDeclaringType();
        String name = owner.asErasure().getName();
        return owner.isInterface() && declaration.isAbstract() && !name.startsWith(PACKAGE)
                && !name.startsWith("java.");
    }

    private static boolean madeByLangChain4j(String requester) {
        return requester != null && requester.startsWith(PACKAGE);
    }

    private static boolean isJdkProxy(TypeDescription type) {
        TypeDescription.Generic superClass = type.getSuperClass();
        return superClass != null && ProxyClasses.isJdkProxy(superClass.asErasure().getName());
    }

    private static AnnotationDescription annotation(MethodDescription method, String name) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** A string member, or empty when the annotation has none of that name (another version). */
    private static String string(AnnotationDescription a, String member) {
        try {
            String value = a.getValue(member).resolve(String.class);
            return value == null ? "" : value;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
