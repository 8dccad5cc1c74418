package sh.ratri.frameworks.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.V;

/** The workflow: triage, then the response worker (a LangChain4j sequence). */
public interface SupportOrchestrator {

    @Agent(name = "support-orchestrator", description = "Handles a support ticket end to end")
    String handle(@V("ticket") String ticket);
}
