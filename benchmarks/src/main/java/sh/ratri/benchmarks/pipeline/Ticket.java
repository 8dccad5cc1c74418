package sh.ratri.benchmarks.pipeline;

/** A support ticket, as in the support-ops example. */
public record Ticket(String ticketId, String customer, String subject, String body) {

    public static Ticket escalation() {
        return new Ticket("SUP-123", "Acme Corp", "Production outage since 09:00",
                "Our whole team is locked out of the dashboard. This is blocking a launch.");
    }
}
