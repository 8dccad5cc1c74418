package sh.ratri.agent.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import sh.ratri.agent.json.JsonReader;

/**
 * Parses one line of an event file, as the index reads it (a few fields) or whole.
 * Bytes are parsed as UTF-8; a line that fails is parsed once more as text decoded with
 * replacement characters, so a stray malformed byte inside a string costs only that character,
 * while a line cut in the middle (a truncated last line) still fails and is counted as skipped.
 */
final class EventLine {

    /** What {@link RecordedEvent#fromJson} checks, and what orders a session: all the index reads of a line. */
    private static final List<String> HEAD_FIELDS = List.of("type", "sessionId", "timestamp", "runId", "stepId",
            "toolCallId", "handoffId", "llmCallId");
    private static final Set<String> HEAD_FIELD_SET = Set.copyOf(HEAD_FIELDS);
    private static final EventHeadScanner HEAD_SCANNER = new EventHeadScanner(HEAD_FIELDS);

    private EventLine() {}

    /** The few fields that validate and place an event; the rest (attributes…) is passed over unread. */
    static Object head(byte[] bytes, int offset, int length) throws IOException {
        Object scanned = HEAD_SCANNER.scan(bytes, offset, offset + length);
        if (scanned != null) {
            return scanned;
        }
        try {
            return JsonReader.readFields(bytes, offset, length, HEAD_FIELD_SET);
        } catch (JsonReader.TooLong e) {
            throw e;
        } catch (IOException malformed) {
            return JsonReader.readFields(new String(bytes, offset, length, StandardCharsets.UTF_8), HEAD_FIELD_SET);
        }
    }

    static Object whole(byte[] bytes, int offset, int length) throws IOException {
        try {
            return JsonReader.readNamingLimits(bytes, offset, length);
        } catch (JsonReader.TooLong e) {
            throw e;
        } catch (IOException malformed) {
            return JsonReader.readNamingLimits(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    /** Why a line was too long, naming the limit, e.g. {@code a string over 20,000,000 characters (…)}. */
    static String tooLong(JsonReader.TooLong e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("String value length")) {
            return String.format(Locale.ROOT, "a string over %,d characters (Jackson's StreamReadConstraints"
                    + ".maxStringLength)", JsonReader.MAX_STRING_LENGTH);
        }
        return message;
    }

    /** Why a line longer than the replay buffers was skipped unread. */
    static String overLineLimit(long maxLineBytes) {
        return String.format(Locale.ROOT, "a line over %,d MB (a quarter of the heap: raise -Xmx to read it)",
                maxLineBytes >> 20);
    }
}
