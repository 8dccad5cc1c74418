package sh.ratri.examples.supportops;

import sh.ratri.annotations.Session;

/**
 * The support-ops pipeline of the Ratri TypeScript SDK's multi-agent handoff recipe, written with
 * annotations only: an orchestrator triages an escalated ticket and hands the response draft to a
 * worker agent, which calls a tool to compose the reply. No tracing call anywhere.
 */
public class SupportOpsPipeline {

    private final Orchestrator orchestrator = new Orchestrator(new ResponseWorker(new SupportTools()));

    @Session(kind = "pipeline", inputSummary = "Handle urgent enterprise support escalation",
            metadata = {"triggerKind=support_escalation"})
    public String handle(Ticket ticket) {
        return orchestrator.orchestrate(ticket);
    }

    public static Ticket escalation() {
        return new Ticket("SUP-123", "Acme Corp", "Production outage since 09:00",
                "Our whole team is locked out of the dashboard. This is blocking a launch.");
    }
}
