package sh.ratri.benchmarks.workload;

/** The tool's replies, the same for every shape of {@link Calls}, so that their checksums match. */
final class Replies {

    private static final String[] REPLIES = new String[16];

    static {
        for (int i = 0; i < REPLIES.length; i++) {
            REPLIES[i] = "reply-" + i;
        }
    }

    private Replies() {
    }

    static String of(int i) {
        return REPLIES[i & 15];
    }
}
