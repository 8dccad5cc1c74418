package sh.ratri.agent.export.sink;

/**
 * The distinct sessions a sink wrote, for its exit line, in bounded memory: an open-addressing
 * table of the ids themselves (8 bytes a session where a {@code HashSet<Long>} took ~50 and kept
 * every one of them live for the JVM's life). Exact up to {@link #EXACT_UP_TO} sessions; past
 * that, the table stops growing and the count says it is a lower bound. One thread only.
 */
final class SessionCount {

    private static final int MAX_TABLE = 1 << 19;
    /** The table is kept at most three quarters full. */
    static final int EXACT_UP_TO = MAX_TABLE / 4 * 3;

    private long[] table = new long[64];
    private int count;
    private boolean zeroSeen;
    private boolean full;

    void add(long id) {
        if (id == 0) { // 0 marks a free entry
            if (!zeroSeen) {
                zeroSeen = true;
                count++;
            }
            return;
        }
        long[] t = table;
        int mask = t.length - 1;
        for (int at = spread(id) & mask; ; at = (at + 1) & mask) {
            if (t[at] == id) {
                return;
            }
            if (t[at] == 0) {
                if (count >= EXACT_UP_TO) { // a session the table has no room for
                    full = true;
                    return;
                }
                t[at] = id;
                count++;
                if (count * 4L >= t.length * 3L && t.length < MAX_TABLE) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long id : old) {
            if (id != 0) {
                int at = spread(id) & mask;
                while (t[at] != 0) {
                    at = (at + 1) & mask;
                }
                t[at] = id;
            }
        }
        table = t;
    }

    /** Ids count up in their low bits: mix them so that neighbours do not fill one run of entries. */
    private static int spread(long id) {
        long h = id * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    int count() {
        return count;
    }

    /** True once a session came that the table had no room for: {@link #count} is then a lower bound. */
    boolean isLowerBound() {
        return full;
    }
}
