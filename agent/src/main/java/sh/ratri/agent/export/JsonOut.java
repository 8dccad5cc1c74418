package sh.ratri.agent.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte buffer that events are spelled into as JSON in UTF-8, on the exporter thread.
 * Names and constant values are copied as bytes encoded once, ASCII text a char per byte; strings
 * are escaped as Jackson escapes them ({@code "}, {@code \}, control characters), so a line reads
 * as it did when Jackson's generator wrote it; like Jackson, surrogates are written as escapes, so
 * a lone one cannot fail the batch. Values are only ever written into objects (events have
 * no arrays), so a field needs a comma exactly when the byte before it does not open its object.
 */
public final class JsonOut {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** "00" to "99": numbers are spelled two digits per division. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** 10^0 to 10^18, for {@link #digits}. */
    private static final long[] POWERS_OF_TEN = new long[19];
    /** For chars below 128: 0 copies the char, a letter is written after a backslash, -1 is a six-char {@code u00XX} escape. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        Arrays.fill(ESCAPES, 0, 32, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] bytes;
    private int size;

    public JsonOut(int capacity) {
        this.bytes = new byte[Math.max(64, capacity)];
    }

    /** {@code "text":} encoded once, for {@link #field}. */
    static byte[] name(String text) {
        JsonOut out = new JsonOut(text.length() * 6 + 3);
        out.string(text);
        out.raw((byte) ':');
        return out.toByteArray();
    }

    /** {@code "text"} encoded once, for {@link #raw(byte[])}. */
    static byte[] value(String text) {
        JsonOut out = new JsonOut(text.length() * 6 + 2);
        out.string(text);
        return out.toByteArray();
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void raw(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
    }

    void startObject() {
        raw((byte) '{');
    }

    void endObject() {
        raw((byte) '}');
    }

    /** A field's encoded name, after a comma unless it is the first field of its object. */
    void field(byte[] encodedName) {
        comma();
        raw(encodedName);
    }

    /** A field whose name is only known now; a null name is spelled "null", as a name must be a string. */
    void field(String name) {
        comma();
        string(String.valueOf(name));
        raw((byte) ':');
    }

    private void comma() {
        if (size > 0 && bytes[size - 1] != '{') {
            raw((byte) ',');
        }
    }

    /**
     * Reserves {@code length} bytes for ASCII spelled in place (ids, timestamp digits) and returns
     * where they start in {@link #bytes()}.
     */
    int reserve(int length) {
        ensure(length);
        int at = size;
        size += length;
        return at;
    }

    /** {@link #reserve} between quotes. */
    int quotedSlot(int length) {
        int at = reserve(length + 2);
        bytes[at] = '"';
        bytes[at + length + 1] = '"';
        return at + 1;
    }

    /** Drops what was written after {@code size}: a value that failed half-way leaves nothing. */
    void truncate(int size) {
        this.size = Math.min(this.size, size);
    }

    /** The buffer, valid until the next write. */
    public byte[] bytes() {
        return bytes;
    }

    /** A string value, or {@code null} as Jackson wrote a null string. */
    void string(String text) {
        if (text == null) {
            raw(NULL);
            return;
        }
        int n = text.length();
        ensure(n * 6 + 2); // the longest form of a char is a six-char escape
        byte[] b = bytes;
        int at = size;
        b[at++] = '"';
        int i = 0;
        for (; i < n; i++) { // the common case: printable ASCII
            char c = text.charAt(i);
            if (c >= 128 || ESCAPES[c] != 0) {
                break;
            }
            b[at++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = escape;
                } else {
                    b[at++] = '\\';
                    b[at++] = 'u';
                    b[at++] = '0';
                    b[at++] = '0';
                    b[at++] = HEX[c >> 4];
                    b[at++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) { // as Jackson does: each half as an escape
                b[at++] = '\\';
                b[at++] = 'u';
                b[at++] = HEX[c >> 12];
                b[at++] = HEX[c >> 8 & 0xF];
                b[at++] = HEX[c >> 4 & 0xF];
                b[at++] = HEX[c & 0xF];
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[at++] = '"';
        size = at;
    }

    /**
     * {@link #string} of {@code text} unless it may hold a redaction key: while spelling its plain
     * ASCII, each pair of adjacent chars is looked up in {@code keyStartPairs} (bit
     * {@code first << 7 | second}, as {@link Redactor} marks the first two chars of its keys). A
     * pair that may start a key, a last char that may start a one-char key, or any char that is not
     * plain ASCII (to escape, or beyond ASCII) leaves the buffer as it was and returns false, for
     * the caller to redact and spell it the long way. One pass over the common summary where a
     * scan for keys and then a spelling took two.
     */
    boolean plainStringWithoutKeys(String text, long[] keyStartPairs) {
        int n = text.length();
        ensure(n + 2);
        byte[] b = bytes;
        int at = size;
        b[at++] = '"';
        int previous = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128 || ESCAPES[c] != 0) {
                return false;
            }
            int pair = previous << 7 | c;
            if (i > 0 && (keyStartPairs[pair >>> 6] & 1L << pair) != 0) {
                return false;
            }
            b[at++] = (byte) c;
            previous = c;
        }
        if (n > 0 && (keyStartPairs[previous << 7 >>> 6] & 1L << (previous << 7)) != 0) {
            return false;
        }
        b[at++] = '"';
        size = at;
        return true;
    }

    /** A string known to be plain ASCII that needs no escape ({@link #plainStringWithoutKeys} said so): copied. */
    @SuppressWarnings("deprecation") // the byte-per-char copy is exact for ASCII, and one intrinsic copy for most strings
    void plainAscii(String text) {
        int n = text.length();
        ensure(n + 2);
        bytes[size] = '"';
        text.getBytes(0, n, bytes, size + 1);
        bytes[size + n + 1] = '"';
        size += n + 2;
    }

    void number(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            bytes[size++] = '-';
            value = -value;
        }
        int digits = digits(value);
        int end = size + digits;
        size = end;
        digitsEndingAt(bytes, end, value);
    }

    /** How many digits the non-negative {@code value} has: from its bit length, then one comparison, not a loop. */
    private static int digits(long value) {
        if (value < 10) {
            return 1;
        }
        int atLeast = (64 - Long.numberOfLeadingZeros(value)) * 1233 >>> 12; // bits × log10(2), rounded down
        return value >= POWERS_OF_TEN[atLeast] ? atLeast + 1 : atLeast;
    }

    /** Spells the non-negative {@code value} so that its last digit is at {@code end - 1}. */
    private static void digitsEndingAt(byte[] b, int end, long value) {
        int at = end;
        while (value >= Integer.MAX_VALUE) {
            int pair = (int) (value % 100);
            value /= 100;
            b[--at] = DIGIT_PAIRS[2 * pair + 1];
            b[--at] = DIGIT_PAIRS[2 * pair];
        }
        int rest = (int) value; // int division is cheaper than long
        while (rest >= 100) {
            int pair = rest % 100;
            rest /= 100;
            b[--at] = DIGIT_PAIRS[2 * pair + 1];
            b[--at] = DIGIT_PAIRS[2 * pair];
        }
        if (rest >= 10) {
            b[--at] = DIGIT_PAIRS[2 * rest + 1];
            b[--at] = DIGIT_PAIRS[2 * rest];
        } else {
            b[--at] = (byte) ('0' + rest);
        }
    }

    /** {@code value} (0 to 999,999) as exactly six digits at {@code at}, leading zeros kept. */
    static void sixDigits(byte[] b, int at, int value) {
        int high = value / 10_000;
        int rest = value - high * 10_000;
        int middle = rest / 100;
        int low = rest - middle * 100;
        b[at] = DIGIT_PAIRS[2 * high];
        b[at + 1] = DIGIT_PAIRS[2 * high + 1];
        b[at + 2] = DIGIT_PAIRS[2 * middle];
        b[at + 3] = DIGIT_PAIRS[2 * middle + 1];
        b[at + 4] = DIGIT_PAIRS[2 * low];
        b[at + 5] = DIGIT_PAIRS[2 * low + 1];
    }

    /**
     * Thousandths as a decimal with at least one fraction digit and no trailing zeros, e.g. 1500
     * as {@code 1.5} and 2000 as {@code 2.0}: what {@code Double.toString} gives below 10^7, but
     * never in exponent form and without dividing.
     */
    void thousandths(long value) {
        if (value < 0) {
            raw((byte) '-');
            value = value == Long.MIN_VALUE ? Long.MAX_VALUE : -value;
        }
        number(value / 1000);
        int fraction = (int) (value % 1000);
        ensure(4);
        bytes[size++] = '.';
        bytes[size++] = (byte) ('0' + fraction / 100);
        if (fraction % 100 != 0) {
            bytes[size++] = (byte) ('0' + fraction / 10 % 10);
            if (fraction % 10 != 0) {
                bytes[size++] = (byte) ('0' + fraction % 10);
            }
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
