package sh.ratri.agent.export;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in summaries: the value after any key that matches {@code redact.keys}
 * ({@code token=abc}, {@code "apiKey": "abc"}, {@code password: abc}) becomes {@code [REDACTED]},
 * and so does a whole payload value whose key matches. Runs on the exporter thread.
 */
final class Redactor {

    static final String REDACTED = "[REDACTED]";

    private final List<String> keys;
    private final Pattern inText;
    /**
     * Bit {@code first << 7 | second} is set when a key starts with those two ASCII chars, either
     * case (a one-char key sets every second char); null when a key is not ASCII (then no pre-check).
     */
    private final long[] keyStartPairs;

    Redactor(List<String> keys) {
        this.keys = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        String alternatives = String.join("|", keys.stream().map(Pattern::quote).toList());
        // the value: a quoted string up to its closing quote, or one word, with an auth scheme before it;
        // possessive, so a long quoted value is matched in a loop, not one stack frame per char
        this.inText = keys.isEmpty() ? null : Pattern.compile(
                "(?i)([\\w.-]*(?:" + alternatives + ")[\\w.-]*\"?\\s*[=:]\\s*)"
                        + "(\"(?:[^\"\\\\]++|\\\\.)*+\"?|(?:(?:bearer|basic|token)\\s+)?[^\\s,;&}\\]\"]+)");
        this.keyStartPairs = keyStartPairs(this.keys);
    }

    private static long[] keyStartPairs(List<String> lowerKeys) {
        long[] pairs = new long[128 * 128 / 64];
        for (String key : lowerKeys) {
            if (key.isEmpty() || !key.chars().allMatch(c -> c < 128)) {
                return null;
            }
            char first = key.charAt(0);
            for (char f : new char[] {first, Character.toUpperCase(first)}) {
                if (key.length() == 1) {
                    for (int second = 0; second < 128; second++) {
                        setPair(pairs, f, second);
                    }
                } else {
                    setPair(pairs, f, key.charAt(1));
                    setPair(pairs, f, Character.toUpperCase(key.charAt(1)));
                }
            }
        }
        return pairs;
    }

    private static void setPair(long[] pairs, int first, int second) {
        int bit = first << 7 | second;
        pairs[bit >>> 6] |= 1L << bit;
    }

    /** The first-two-chars bitset {@link #mentionsKey} looks keys up in, or null when it cannot (a key not ASCII). */
    long[] keyStartPairs() {
        return keyStartPairs;
    }

    /** True when a map key names a secret. */
    boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (String k : keys) {
            if (lower.contains(k)) {
                return true;
            }
        }
        return false;
    }

    String text(String summary) {
        if (summary == null || inText == null || !mentionsKey(summary)) {
            return summary;
        }
        Matcher m = inText.matcher(summary);
        if (!m.find()) {
            return summary;
        }
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))
                + (r.group(2).startsWith("\"") ? "\"" + REDACTED + "\"" : REDACTED));
    }

    /**
     * The pattern only matches text that holds a key (ASCII case-insensitively, as {@code (?i)}
     * does), and most summaries hold none: this scan is ~50x cheaper than the backtracking
     * {@code find()}, which dominated the exporter's time per event. Looking at two chars at once
     * keeps common letters that merely start a key (the s of "secret" in "support") from costing
     * a comparison with every key.
     */
    boolean mentionsKey(String text) {
        long[] pairs = keyStartPairs;
        if (pairs == null) {
            return true;
        }
        int n = text.length();
        char c = n > 0 ? text.charAt(0) : 0;
        for (int i = 0; i < n; i++) {
            char next = i + 1 < n ? text.charAt(i + 1) : 0; // 0 at the end: only a one-char key fits there
            if (c < 128 && (next >= 128 || (pairs[(c << 7 | next) >>> 6] & 1L << (c << 7 | next)) != 0)
                    && keyAt(text, i, Character.toLowerCase(c))) {
                return true;
            }
            c = next;
        }
        return false;
    }

    private boolean keyAt(String text, int at, char lowerFirst) {
        for (String key : keys) {
            if (key.charAt(0) == lowerFirst && text.regionMatches(true, at, key, 0, key.length())) {
                return true;
            }
        }
        return false;
    }
}
