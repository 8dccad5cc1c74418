package sh.ratri.agent.config;

/**
 * A URL as it may be printed (config lines, refusals, exit lines): whatever stands between the
 * scheme's {@code //} and the last {@code @} — user information, a password — becomes
 * {@code [REDACTED]}. Taking the last {@code @} also hides a password that itself holds one;
 * a path with an {@code @} is over-redacted, which costs nothing but a shorter line.
 */
public final class RedactedUrl {

    private RedactedUrl() {
    }

    public static String of(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int authority = url.indexOf("//");
        int start = authority >= 0 && authority < at ? authority + 2 : 0;
        return url.substring(0, start) + "[REDACTED]" + url.substring(at);
    }
}
