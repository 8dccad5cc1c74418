package sh.ratri.agent.weave;

import java.util.Locale;

/** Default step keys and names derived from a method name. */
public final class Names {

    private Names() {
    }

    /** {@code triageTicket} → {@code triage-ticket}; {@code parseHTTPHeader} → {@code parse-http-header}. */
    public static String kebab(String methodName) {
        StringBuilder out = new StringBuilder(methodName.length() + 4);
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '_' || c == '$' || c == ' ') {
                if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                    out.append('-');
                }
                continue;
            }
            boolean upper = Character.isUpperCase(c);
            if (upper && i > 0 && out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                char before = methodName.charAt(i - 1);
                boolean nextLower = i + 1 < methodName.length() && Character.isLowerCase(methodName.charAt(i + 1));
                if (Character.isLowerCase(before) || Character.isDigit(before)
                        || (Character.isUpperCase(before) && nextLower)) {
                    out.append('-');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** {@code triageTicket} → {@code Triage ticket}. */
    public static String humanise(String methodName) {
        String words = kebab(methodName).replace('-', ' ');
        if (words.isEmpty()) {
            return words;
        }
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
