package sh.ratri.examples.supportops;

/** A support ticket as the orchestrator receives it. */
public record Ticket(String ticketId, String customer, String subject, String body) {
}
