package sh.ratri.junit;

/** Name patterns as the capabilities file has them: {@code *} is any run of characters, nothing else is special. */
final class Glob {

    private Glob() {
    }

    static boolean matches(String glob, String text) {
        if (text == null) {
            return false;
        }
        String[] parts = glob.split("\\*", -1);
        if (parts.length == 1) {
            return glob.equals(text);
        }
        if (!text.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = text.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return text.length() - at >= last.length() && text.endsWith(last);
    }
}
