package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;

/**
 * A LangChain4j application with no Ratri annotation or import, run as
 * {@code java -javaagent:ratri-agent.jar -jar langchain4j-support.jar [support-desk|refund]}:
 * <ul>
 * <li>{@code support-desk}: the orchestrator, a sequence workflow, delegates to a triage agent,
 *     then to a response worker that calls two tools ({@code crm_lookup}, {@code composeReply});</li>
 * <li>{@code refund}: a plain AI service whose tool throws; LangChain4j hands the error to the
 *     model, which answers with it.</li>
 * </ul>
 * The chat model is scripted: no network, the same replies and token counts every run.
 */
public final class SupportDesk {

    private SupportDesk() {
    }

    public static void main(String[] args) {
        String scenario = args.length == 0 ? "support-desk" : args[0];
        ChatModel model = new ScriptedChatModel();
        switch (scenario) {
            case "support-desk" -> System.out.println(orchestrator(model, new SupportTools())
                    .handle("SUP-123: checkout is down for all our users"));
            case "refund" -> System.out.println(AiServices.builder(RefundAssistant.class).chatModel(model)
                    .tools(new SupportTools()).build().handle("Please refund order ORD-9"));
            default -> {
                System.err.println("unknown scenario " + scenario + "; known: support-desk, refund");
                System.exit(2);
            }
        }
    }

    /** The orchestrator workflow; {@code tools} are the worker's (any object with LangChain4j tools). */
    public static SupportOrchestrator orchestrator(ChatModel model, Object tools) {
        TriageAgent triage = AgenticServices.agentBuilder(TriageAgent.class).chatModel(model).build();
        ResponseWorker worker = AgenticServices.agentBuilder(ResponseWorker.class).chatModel(model).tools(tools)
                .build();
        return AgenticServices.sequenceBuilder(SupportOrchestrator.class).subAgents(triage, worker)
                .outputKey("reply").build();
    }
}
