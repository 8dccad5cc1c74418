package sh.ratri.agent.export;

/**
 * Strings that recur as the very same object (a thread's name is the {@code Thread}'s own string)
 * encoded once as JSON values and then copied: a small direct-mapped table keyed by identity, so it
 * holds at most {@code capacity} strings, and a string that lands on a taken entry replaces it. Only
 * the exporter thread uses it.
 */
final class EncodedNames {

    private final String[] names;
    private final byte[][] encoded;
    private final byte[] before;
    private final byte[] after;

    /**
     * {@code capacity}: a power of two. Names framed by constant bytes: {@code before} and
     * {@code after} are copied with each name in one run.
     */
    EncodedNames(int capacity, byte[] before, byte[] after) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.names = new String[capacity];
        this.encoded = new byte[capacity][];
        this.before = before;
        this.after = after;
    }

    /** {@code name} as a JSON string value (quoted, escaped) between the frame's bytes; {@code name} must not be null. */
    byte[] encoded(String name) {
        int at = System.identityHashCode(name) & (names.length - 1);
        if (names[at] != name) {
            JsonOut out = new JsonOut(before.length + name.length() * 6 + 2 + after.length);
            out.raw(before);
            out.string(name);
            out.raw(after);
            encoded[at] = out.toByteArray();
            names[at] = name;
        }
        return encoded[at];
    }

    /** How many names the table holds now: for tests. */
    int held() {
        int held = 0;
        for (String name : names) {
            if (name != null) {
                held++;
            }
        }
        return held;
    }
}
