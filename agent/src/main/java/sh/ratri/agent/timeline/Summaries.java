package sh.ratri.agent.timeline;

import java.lang.reflect.Array;
import java.util.Arrays;

/** Turns user values into strings without ever throwing into user code. */
public final class Summaries {

    private Summaries() {
    }

    /** {@code String.valueOf}, but a {@code toString()} that throws (or overflows the stack) is contained. */
    public static String safeToString(Object value) {
        try {
            if (value != null && value.getClass().isArray()) {
                return arrayToString(value);
            }
            return String.valueOf(value);
        } catch (Throwable t) {
            return "<toString() of " + value.getClass().getName() + " failed: " + t.getClass().getSimpleName() + ">";
        }
    }

    private static String arrayToString(Object array) {
        if (array instanceof Object[] objects) {
            return Arrays.deepToString(objects);
        }
        int length = Array.getLength(array);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            out.append(i == 0 ? "" : ", ").append(Array.get(array, i));
        }
        return out.append(']').toString();
    }

    /** Bounds what a summary keeps, on the application thread, so a huge value is not held in the queue. */
    public static String truncate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "…";
    }
}
