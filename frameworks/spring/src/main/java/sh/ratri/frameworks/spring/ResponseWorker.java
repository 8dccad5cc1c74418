package sh.ratri.frameworks.spring;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import sh.ratri.annotations.ChildRun;

@Component
public class ResponseWorker {

    private final CrmTools crm;

    public ResponseWorker(CrmTools crm) {
        this.crm = crm;
    }

    @Transactional
    @ChildRun(stepKey = "response-worker", stepName = "Response worker for {ticketId}")
    public String draft(String ticketId, String priority) {
        return "Reply (" + priority + ") to " + crm.lookup(ticketId);
    }
}
