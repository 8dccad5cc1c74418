package sh.ratri.examples.supportops;

import sh.ratri.annotations.ChildRun;

/** The worker agent that drafts the customer response. */
public class ResponseWorker {

    private final SupportTools tools;

    public ResponseWorker(SupportTools tools) {
        this.tools = tools;
    }

    @ChildRun(stepKey = "response-worker", stepName = "Response worker", stepIndex = 2, role = "worker")
    public String draftResponse(Ticket ticket, String priority) {
        String tone = "urgent".equals(priority) ? "We are on it right now." : "We will look into it.";
        return tools.composeReply(ticket.ticketId(), ticket.customer(), tone);
    }
}
