package sh.ratri.examples.supportops;

import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.WorkflowStep;

/** The orchestrator agent: triages the ticket, then delegates the reply to a worker. */
public class Orchestrator {

    private final ResponseWorker worker;

    public Orchestrator(ResponseWorker worker) {
        this.worker = worker;
    }

    @Run(stepKey = "orchestrator", stepName = "Orchestrator", stepIndex = 0)
    public String orchestrate(Ticket ticket) {
        Triage triage = triageTicket(ticket);
        return delegate(ticket, triage.priority());
    }

    @WorkflowStep(stepKey = "triage-ticket", stepName = "Triage ticket", stepIndex = 1)
    public Triage triageTicket(Ticket ticket) {
        boolean outage = ticket.subject().toLowerCase().contains("outage");
        return new Triage(ticket.ticketId(), outage ? "urgent" : "normal", outage ? "enterprise-escalations" : "general");
    }

    @Handoff(reason = "Delegate customer response draft",
            payloadSummary = {"ticketId={ticket.ticketId}", "priority={priority}"})
    public String delegate(Ticket ticket, String priority) {
        return worker.draftResponse(ticket, priority);
    }
}
