package sh.ratri.examples.supportops;

/** What triage decided about a ticket. */
public record Triage(String ticketId, String priority, String queue) {
}
