package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** The worker's tools, as LangChain4j declares them. */
public class SupportTools {

    @Tool(name = "crm_lookup", value = "Finds the customer who opened a ticket")
    public String lookupCustomer(@P("ticket id") String ticketId) {
        return "Acme Corp (enterprise, since 2019)";
    }

    @Tool("Composes the reply text in the given tone")
    public String composeReply(@P("ticket id") String ticketId, @P("customer") String customer,
                               @P("tone") String tone) {
        return "Hello " + customer + ", we are on " + ticketId + " right now (" + tone + ").";
    }

    @Tool(name = "refund", value = "Refunds an order")
    public String refund(@P("order id") String orderId) {
        throw new IllegalStateException("payment gateway unavailable for " + orderId);
    }
}
