package sh.ratri.agent.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import sh.ratri.agent.json.JsonObject;

/**
 * Picks a few top-level string fields out of one JSON object's bytes without tokenizing the rest:
 * the index's read of a line, where a full parser spent most of its time on the attributes it
 * throws away. It follows strings (and their escapes) and nesting only as far as needed to know
 * which keys are top-level, so it does not prove the line is valid JSON: the load of the session
 * parses every line whole and reports the ones that are not. Anything out of the ordinary — an
 * escaped key or wanted value, a wanted value that is not a string, an unbalanced line — returns
 * null, and the caller asks the real parser.
 */
final class EventHeadScanner {

    private final List<String> names;
    private final byte[][] nameBytes;

    EventHeadScanner(List<String> names) {
        this.names = List.copyOf(names);
        this.nameBytes = names.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** The wanted fields of the object in {@code bytes[from, to)}, or null when the line needs the real parser. */
    JsonObject scan(byte[] bytes, int from, int to) {
        int i = skipWhiteSpace(bytes, from, to);
        if (i >= to || bytes[i] != '{') {
            return null;
        }
        JsonObject fields = new JsonObject();
        i = skipWhiteSpace(bytes, i + 1, to);
        if (i < to && bytes[i] == '}') {
            return skipWhiteSpace(bytes, i + 1, to) == to ? fields : null;
        }
        while (i < to) {
            if (bytes[i] != '"') {
                return null;
            }
            int keyStart = i + 1;
            int keyEnd = plainStringEnd(bytes, keyStart, to);
            if (keyEnd < 0) {
                return null;
            }
            i = skipWhiteSpace(bytes, keyEnd + 1, to);
            if (i >= to || bytes[i] != ':') {
                return null;
            }
            i = skipWhiteSpace(bytes, i + 1, to);
            int wanted = wanted(bytes, keyStart, keyEnd);
            if (wanted >= 0) {
                if (i >= to || bytes[i] != '"') {
                    return null;
                }
                int valueEnd = plainStringEnd(bytes, i + 1, to);
                if (valueEnd < 0) {
                    return null;
                }
                fields.put(names.get(wanted), new String(bytes, i + 1, valueEnd - i - 1, StandardCharsets.UTF_8));
                i = valueEnd + 1;
            } else {
                i = skipValue(bytes, i, to);
                if (i < 0) {
                    return null;
                }
            }
            i = skipWhiteSpace(bytes, i, to);
            if (i >= to) {
                return null;
            }
            if (bytes[i] == '}') {
                return skipWhiteSpace(bytes, i + 1, to) == to ? fields : null;
            }
            if (bytes[i] != ',') {
                return null;
            }
            i = skipWhiteSpace(bytes, i + 1, to);
        }
        return null;
    }

    private int wanted(byte[] bytes, int from, int to) {
        for (int n = 0; n < nameBytes.length; n++) {
            byte[] name = nameBytes[n];
            if (name.length == to - from && java.util.Arrays.equals(bytes, from, to, name, 0, name.length)) {
                return n;
            }
        }
        return -1;
    }

    /** The closing quote of a string without escapes that starts at {@code from}, or -1. */
    private static int plainStringEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '"') {
                return i;
            }
            if (bytes[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** Past one value of any kind at {@code from}: a string, an object or array (however nested), or a scalar; -1 if unbalanced. */
    private static int skipValue(byte[] bytes, int from, int to) {
        int depth = 0;
        int i = from;
        while (i < to) {
            byte b = bytes[i];
            if (b == '"') {
                i = stringEnd(bytes, i + 1, to);
                if (i < 0) {
                    return -1;
                }
                i++;
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    return i; // the end of the enclosing object, after a scalar
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (b == ',' && depth == 0) {
                return i;
            }
            i++;
        }
        return depth == 0 ? i : -1;
    }

    /** The closing quote of a string that starts at {@code from}, escapes followed; -1 if it never closes. */
    private static int stringEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhiteSpace(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i;
    }
}
