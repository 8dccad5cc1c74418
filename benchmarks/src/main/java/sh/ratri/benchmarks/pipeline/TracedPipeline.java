package sh.ratri.benchmarks.pipeline;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/**
 * The support-ops example (session → run → step → handoff → child run → tool, 12 events, templates
 * that read the arguments), annotated exactly as in {@code examples/}. {@link PlainPipeline} is the
 * same code without annotations.
 */
public class TracedPipeline {

    private final Orchestrator orchestrator = new Orchestrator(new Worker(new Tools()));

    @Session(kind = "pipeline", inputSummary = "Handle urgent enterprise support escalation",
            metadata = {"triggerKind=support_escalation"})
    public String handle(Ticket ticket) {
        return orchestrator.orchestrate(ticket);
    }

    public static class Orchestrator {
        private final Worker worker;

        Orchestrator(Worker worker) {
            this.worker = worker;
        }

        @Run(stepKey = "orchestrator", stepName = "Orchestrator", stepIndex = 0)
        public String orchestrate(Ticket ticket) {
            String priority = triageTicket(ticket);
            return delegate(ticket, priority);
        }

        @WorkflowStep(stepKey = "triage-ticket", stepName = "Triage ticket", stepIndex = 1)
        public String triageTicket(Ticket ticket) {
            return ticket.subject().contains("outage") ? "urgent" : "normal";
        }

        @Handoff(reason = "Delegate customer response draft",
                payloadSummary = {"ticketId={ticket.ticketId}", "priority={priority}"})
        public String delegate(Ticket ticket, String priority) {
            return worker.draftResponse(ticket, priority);
        }
    }

    public static class Worker {
        private final Tools tools;

        Worker(Tools tools) {
            this.tools = tools;
        }

        @ChildRun(stepKey = "response-worker", stepName = "Response worker", stepIndex = 2, role = "worker")
        public String draftResponse(Ticket ticket, String priority) {
            String tone = "urgent".equals(priority) ? "We are on it right now." : "We will look into it.";
            return tools.composeReply(ticket.ticketId(), ticket.customer(), tone);
        }
    }

    public static class Tools {
        @Tool(name = "support.compose_reply", riskLevel = RiskLevel.LOW,
                action = @Action(type = "write", name = "support.compose_reply"),
                resource = @Resource(type = "work_item", externalId = "{ticketId}"))
        public String composeReply(String ticketId, String customer, String tone) {
            return "Draft for " + ticketId + ": Hello " + customer + ", " + tone;
        }
    }
}
