package sh.ratri.agent.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A name pattern where {@code *} stands for any run of characters (none included) and everything
 * else is literal: {@code deploy.*}, {@code environment:prod*}, {@code *}. Matched without regex and
 * without allocating, since decisions are taken on application threads.
 */
public final class Glob {

    private final String pattern;
    /** The literal pieces between the stars. */
    private final String[] pieces;
    private final boolean startsWithStar;
    private final boolean endsWithStar;

    public Glob(String pattern) {
        this.pattern = pattern;
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', from)) {
            if (star > from) {
                parts.add(pattern.substring(from, star));
            }
            from = star + 1;
        }
        if (from < pattern.length()) {
            parts.add(pattern.substring(from));
        }
        this.pieces = parts.toArray(new String[0]);
        this.startsWithStar = pattern.startsWith("*");
        this.endsWithStar = pattern.endsWith("*");
    }

    public boolean matches(String text) {
        if (pieces.length == 0) {
            return startsWithStar || text.isEmpty(); // "*" matches anything, "" only ""
        }
        boolean hasStar = startsWithStar || endsWithStar || pieces.length > 1;
        if (!hasStar) {
            return text.equals(pattern);
        }
        int at = 0;
        int first = 0;
        int last = pieces.length - 1;
        if (!startsWithStar) {
            if (!text.startsWith(pieces[0])) {
                return false;
            }
            at = pieces[0].length();
            first = 1;
        }
        int end = text.length();
        if (!endsWithStar) {
            String tail = pieces[last];
            if (last < first || end - tail.length() < at || !text.startsWith(tail, end - tail.length())) {
                return false;
            }
            end -= tail.length();
            last--;
        }
        for (int i = first; i <= last; i++) {
            int found = indexOf(text, pieces[i], at, end);
            if (found < 0) {
                return false;
            }
            at = found + pieces[i].length();
        }
        return true;
    }

    /** {@code String.indexOf} bounded to end before {@code end}. */
    private static int indexOf(String text, String piece, int from, int end) {
        for (int i = from; i + piece.length() <= end; i++) {
            if (text.startsWith(piece, i)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
