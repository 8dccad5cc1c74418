package sh.ratri.agent.timeline;

/** Turns user values into strings without ever throwing into user code. */
public final class Summaries {

    private Summaries() {
    }

    /** {@code String.valueOf}, but a {@code toString()} that throws (or overflows the stack) is contained. */
    public static String safeToString(Object value) {
        try {
            return String.valueOf(value);
        } catch (Throwable t) {
            return "<toString() of " + value.getClass().getName() + " failed: " + t.getClass().getSimpleName() + ">";
        }
    }

    /** Bounds what a summary keeps, on the application thread, so a huge value is not held in the queue. */
    public static String truncate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "…";
    }
}
