package sh.ratri.agent.export;

/**
 * Summaries found to be short plain ASCII without a redaction key, remembered by identity: a value
 * that recurs as the very same string (a constant a traced method returns) is then copied, not
 * checked char by char again, which was the most of what a line's spelling did per char. Holds
 * references only, so it allocates nothing, and at most {@link #SLOTS} strings of at most
 * {@code capture.maxChars} each. A slot is picked by the string's length and end chars rather than
 * its identity hash, which a fresh string would first have to be given. Exporter thread only; one per
 * {@link EventJson}, whose redaction and bound the check used.
 */
final class PlainSummaries {

    private static final int SLOTS = 64;

    private final String[] held = new String[SLOTS];

    boolean holds(String text) {
        return held[slot(text)] == text;
    }

    void remember(String text) {
        held[slot(text)] = text;
    }

    private static int slot(String text) {
        int n = text.length();
        return n == 0 ? 0 : (n * 31 + text.charAt(0) * 7 + text.charAt(n - 1)) & (SLOTS - 1);
    }
}
