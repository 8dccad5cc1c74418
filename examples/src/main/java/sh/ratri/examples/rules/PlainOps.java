package sh.ratri.examples.rules;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operations code that carries no Ratri annotation and imports nothing of Ratri: a {@code weave}
 * rules file makes {@link #handle} a run and {@link #lookup} and {@link #deploy} tools.
 */
public final class PlainOps {

    private static final long WAIT_MILLIS = 60_000;

    public String handle(String ticketId) {
        String owner = lookup(ticketId, "prod");
        try {
            deploy("prod", 3);
            return "deployed for " + owner;
        } catch (IllegalStateException e) {
            return "not deployed for " + owner + ": " + e.getMessage();
        }
    }

    public String lookup(String ticketId, String environment) {
        return "team-" + ticketId.toLowerCase() + "@" + environment;
    }

    public void deploy(String environment, int replicas) {
        throw new IllegalStateException("deploy window closed for " + environment + " (" + replicas + " replicas)");
    }

    /** For attaching: handles a ticket, writes {@code ready}, waits for a file {@code go}, handles another. */
    public static void beforeAndAfterAttach() throws Exception {
        System.out.println("before: " + new PlainOps().handle("SUP-1"));
        Files.writeString(Path.of("ready"), Long.toString(ProcessHandle.current().pid()));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!Files.exists(Path.of("go"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no go file within " + WAIT_MILLIS + " ms");
            }
            Thread.sleep(20);
        }
        System.out.println("after: " + new PlainOps().handle("SUP-2"));
    }
}
