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
    /** ASCII characters that start a key, either case; null when a key is not ASCII (then no pre-check). */
    private final boolean[] keyStarts;

    Redactor(List<String> keys) {
        this.keys = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        String alternatives = String.join("|", keys.stream().map(Pattern::quote).toList());
        // the value: a quoted string up to its closing quote, or one word, with an auth scheme before it;
        // possessive, so a long quoted value is matched in a loop, not one stack frame per char
        this.inText = keys.isEmpty() ? null : Pattern.compile(
                "(?i)([\\w.-]*(?:" + alternatives + ")[\\w.-]*\"?\\s*[=:]\\s*)"
                        + "(\"(?:[^\"\\\\]++|\\\\.)*+\"?|(?:(?:bearer|basic|token)\\s+)?[^\\s,;&}\\]\"]+)");
        this.keyStarts = keyStarts(this.keys);
    }

    private static boolean[] keyStarts(List<String> lowerKeys) {
        boolean[] starts = new boolean[128];
        for (String key : lowerKeys) {
            if (key.isEmpty() || !key.chars().allMatch(c -> c < 128)) {
                return null;
            }
            starts[key.charAt(0)] = true;
            starts[Character.toUpperCase(key.charAt(0))] = true;
        }
        return starts;
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
     * {@code find()}, which dominated the exporter's time per event.
     */
    private boolean mentionsKey(String text) {
        if (keyStarts == null) {
            return true;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 128 && keyStarts[c]) {
                char lower = Character.toLowerCase(c);
                for (String key : keys) {
                    if (key.charAt(0) == lower && text.regionMatches(true, i, key, 0, key.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
