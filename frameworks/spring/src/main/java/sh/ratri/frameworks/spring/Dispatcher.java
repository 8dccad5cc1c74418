package sh.ratri.frameworks.spring;

import org.springframework.stereotype.Component;
import sh.ratri.annotations.Handoff;

@Component
public class Dispatcher {

    private final ResponseWorker worker;

    public Dispatcher(ResponseWorker worker) {
        this.worker = worker;
    }

    /** Nested delegation: the worker's child run starts inside this method. */
    @Handoff(reason = "Delegate reply to {ticketId}", payloadSummary = {"ticketId={ticketId}", "priority={priority}"})
    public String delegateReply(String ticketId, String priority) {
        return worker.draft(ticketId, priority);
    }

    /** Only the request: the auditor's child run starts later, on another thread. */
    @Handoff(reason = "Audit {ticketId}", payloadSummary = "ticketId={ticketId}")
    public void requestAudit(String ticketId) {
        // the SDK's way: request, return, and let the next child run take it
    }
}
