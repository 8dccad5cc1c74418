package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Drafts the customer's reply, with the CRM and the reply composer as its tools. */
public interface ResponseWorker {

    @UserMessage("Draft the customer reply to {{ticket}}, priority {{priority}}")
    @Agent(description = "Drafts the customer reply", outputKey = "reply")
    String draft(@V("ticket") String ticket, @V("priority") String priority);
}
