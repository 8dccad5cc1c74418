package sh.ratri.frameworks.spring;

import org.springframework.stereotype.Component;
import sh.ratri.annotations.WorkflowStep;

@Component
public class Triage {

    @WorkflowStep(stepKey = "triage-{ticketId}", stepName = "Triage {ticketId}")
    public String triage(String ticketId) {
        return ticketId.endsWith("42") ? "urgent" : "normal";
    }
}
