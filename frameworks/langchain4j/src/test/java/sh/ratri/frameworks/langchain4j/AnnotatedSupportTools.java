package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.RiskLevel;

/** The same tools, one of them also carrying Ratri's own {@code @Tool}: that one must win, once. */
public class AnnotatedSupportTools {

    @Tool(name = "crm_lookup", value = "Finds the customer who opened a ticket")
    @sh.ratri.annotations.Tool(name = "crm.lookup", riskLevel = RiskLevel.MEDIUM, action = @Action(type = "read"))
    public String lookupCustomer(@P("ticket id") String ticketId) {
        return "Acme Corp (enterprise, since 2019)";
    }

    @Tool("Composes the reply text in the given tone")
    public String composeReply(@P("ticket id") String ticketId, @P("customer") String customer,
                               @P("tone") String tone) {
        return "Hello " + customer + ", we are on " + ticketId + " right now (" + tone + ").";
    }

    public static void main(String[] args) {
        System.out.println(SupportDesk.orchestrator(new ScriptedChatModel(), new AnnotatedSupportTools())
                .handle("SUP-123: checkout is down for all our users"));
    }
}
