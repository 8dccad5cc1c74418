package sh.ratri.agent.timeline;

/**
 * What an exception that ended an item says: its class name and its message, cut at
 * {@code capture.maxChars}. Taken on the application thread when the item ends, so the exporter
 * never calls a user's {@code getMessage()}, which may block, throw or be huge.
 */
public record Failure(String type, String message) {

    /** Never throws: a {@code getMessage()} that throws counts as no message. */
    public static Failure of(Throwable thrown, int maxChars) {
        String message;
        try {
            String text = thrown.getMessage();
            message = text == null ? null : Summaries.summary(text, maxChars);
        } catch (Throwable t) {
            message = null;
        }
        return new Failure(thrown.getClass().getName(), message);
    }
}
