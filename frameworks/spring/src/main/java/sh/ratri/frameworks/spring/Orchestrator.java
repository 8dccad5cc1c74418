package sh.ratri.frameworks.spring;

import org.springframework.stereotype.Service;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;

/** Triages, delegates the reply (a nested handoff), and requests an audit that an {@code @Async} worker takes. */
@Service
public class Orchestrator {

    private final Triage triage;
    private final Dispatcher dispatcher;
    private final Auditor auditor;

    public Orchestrator(Triage triage, Dispatcher dispatcher, Auditor auditor) {
        this.triage = triage;
        this.dispatcher = dispatcher;
        this.auditor = auditor;
    }

    @Session(kind = "spring-support", inputSummary = "Handle {ticketId}")
    @Run(stepKey = "orchestrator", stepName = "Orchestrator")
    public String handle(String ticketId) throws Exception {
        String priority = triage.triage(ticketId);
        String reply = dispatcher.delegateReply(ticketId, priority);
        dispatcher.requestAudit(ticketId); // returns before the audit's child run starts
        String audit = auditor.audit(ticketId).get();
        return reply + " | " + audit;
    }
}
