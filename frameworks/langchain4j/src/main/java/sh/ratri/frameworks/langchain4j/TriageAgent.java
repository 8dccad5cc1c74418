package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Reads a ticket and answers with its priority. */
public interface TriageAgent {

    @UserMessage("Triage this support ticket and answer with one word, its priority: {{ticket}}")
    @Agent(name = "triage", description = "Decides a ticket's priority", outputKey = "priority")
    String triage(@V("ticket") String ticket);
}
