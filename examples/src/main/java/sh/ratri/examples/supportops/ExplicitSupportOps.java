package sh.ratri.examples.supportops;

import sh.ratri.Ratri;
import sh.ratri.annotations.RiskLevel;

/**
 * The same support-ops pipeline written with the explicit API instead of annotations, call for
 * call as in the TypeScript SDK recipe. It records the same event stream as
 * {@link SupportOpsPipeline}, and runs unchanged without the agent.
 */
public class ExplicitSupportOps {

    public String handle(Ticket ticket) {
        return Ratri.withSession(Ratri.session("pipeline")
                .inputSummary("Handle urgent enterprise support escalation")
                .metadata("triggerKind", "support_escalation"), () ->
                Ratri.withRun(Ratri.run("orchestrator").stepName("Orchestrator").stepIndex(0), () -> {
                    Triage triage = Ratri.withWorkflowStep(
                            Ratri.workflowStep("triage-ticket").stepName("Triage ticket").stepIndex(1),
                            () -> triage(ticket));
                    Ratri.trackHandoffRequested("Delegate customer response draft",
                            Ratri.pairs("ticketId", ticket.ticketId(), "priority", triage.priority()));
                    return Ratri.withChildRun(Ratri.childRun("response-worker").stepName("Response worker")
                            .stepIndex(2).role("worker"), () -> {
                                Ratri.trackHandoffCompleted();
                                String tone = "urgent".equals(triage.priority())
                                        ? "We are on it right now." : "We will look into it.";
                                return Ratri.withTool(Ratri.tool("support.compose_reply").riskLevel(RiskLevel.LOW)
                                                .action("write", "support.compose_reply")
                                                .resource("work_item", ticket.ticketId()),
                                        () -> "Draft for " + ticket.ticketId() + ": Hello " + ticket.customer()
                                                + ", " + tone);
                            });
                }));
    }

    private static Triage triage(Ticket ticket) {
        boolean outage = ticket.subject().toLowerCase().contains("outage");
        return new Triage(ticket.ticketId(), outage ? "urgent" : "normal", outage ? "enterprise-escalations" : "general");
    }

    /** What the explicit API reports about the context it runs in, and attributes it adds. */
    public String describeContext() {
        return Ratri.withSession(Ratri.session("introspection"), () ->
                Ratri.withRun(Ratri.run("inspector"), () -> {
                    Ratri.addAttribute("model", "gpt-x");
                    Ratri.setOutputSummary("looked around");
                    return "session=" + Ratri.currentSessionId() + " run=" + Ratri.currentRunId();
                }));
    }
}
