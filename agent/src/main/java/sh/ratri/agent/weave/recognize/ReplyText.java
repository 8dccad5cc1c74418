package sh.ratri.agent.weave.recognize;

/**
 * The text of a streamed reply as its deltas arrive, kept only up to a bound: the summary it
 * becomes is cut at {@code capture.maxChars} anyway, and a long reply must not grow memory.
 */
final class ReplyText {

    private static final int MAX_CHARS = 4096;

    private final StringBuilder text = new StringBuilder();

    void append(Object delta) {
        if (delta instanceof String piece && text.length() < MAX_CHARS) {
            text.append(piece, 0, Math.min(piece.length(), MAX_CHARS - text.length()));
        }
    }

    /** Null when nothing arrived. */
    String text() {
        return text.length() == 0 ? null : text.toString();
    }
}
