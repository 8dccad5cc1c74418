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

    Redactor(List<String> keys) {
        this.keys = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        String alternatives = String.join("|", keys.stream().map(Pattern::quote).toList());
        // the value: a quoted string up to its closing quote, or one word, with an auth scheme before it
        this.inText = keys.isEmpty() ? null : Pattern.compile(
                "(?i)([\\w.-]*(?:" + alternatives + ")[\\w.-]*\"?\\s*[=:]\\s*)"
                        + "(\"(?:[^\"\\\\]|\\\\.)*\"?|(?:(?:bearer|basic|token)\\s+)?[^\\s,;&}\\]\"]+)");
    }

    /** True when a map key names a secret. */
    boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String k : keys) {
            if (lower.contains(k)) {
                return true;
            }
        }
        return false;
    }

    String text(String summary) {
        if (summary == null || inText == null) {
            return summary;
        }
        Matcher m = inText.matcher(summary);
        if (!m.find()) {
            return summary;
        }
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))
                + (r.group(2).startsWith("\"") ? "\"" + REDACTED + "\"" : REDACTED));
    }
}
