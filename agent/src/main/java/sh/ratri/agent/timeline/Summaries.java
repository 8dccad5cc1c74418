package sh.ratri.agent.timeline;

/** Turns user values into bounded strings without ever throwing into user code. */
public final class Summaries {

    private Summaries() {
    }

    /**
     * {@code String.valueOf(value)} (arrays as {@code Arrays.toString}) cut at {@code maxChars}, built
     * no longer than that where the value's type allows ({@link BoundedText}); a {@code toString()}
     * that throws (or overflows the stack) is contained.
     */
    public static String summary(Object value, int maxChars) {
        try {
            return BoundedText.of(value, maxChars);
        } catch (Throwable t) {
            return "<toString() of " + value.getClass().getName() + " failed: " + t.getClass().getSimpleName() + ">";
        }
    }
}
