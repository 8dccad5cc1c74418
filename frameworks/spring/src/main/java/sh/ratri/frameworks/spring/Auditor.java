package sh.ratri.frameworks.spring;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import sh.ratri.annotations.ChildRun;

import java.util.concurrent.CompletableFuture;

@Component
public class Auditor {

    private final CrmTools crm;

    public Auditor(CrmTools crm) {
        this.crm = crm;
    }

    @Async
    @ChildRun(stepKey = "auditor", stepName = "Audit {ticketId}")
    public CompletableFuture<String> audit(String ticketId) {
        return CompletableFuture.completedFuture("audited " + crm.lookup(ticketId));
    }
}
