package sh.ratri.agent.export;

import sh.ratri.agent.timeline.CallSiteSpec;

import java.util.function.UnaryOperator;

/**
 * The values of one call-site spec that are the same on every call (its annotation's constants: a
 * tool's name and risk, a step's key), encoded once with their field names by one {@link EventJson}
 * and then copied into each event. Kept on the spec ({@link CallSiteSpec#exportBytes}) and made on the
 * exporter thread, never on the application thread. A member is recognised as constant by
 * identity: a constant template hands out the same string on every call, a templated one a new
 * string, so the first call that brings another string marks the member as varying, and from
 * then on it is spelled per event and nothing is kept for it.
 */
final class SpecBytes {

    /**
     * More than any spec hands over by name ({@link sh.ratri.agent.timeline.SpecValues#tool} has
     * seven), and room for a session's or handoff's first pairs, which follow its named members.
     */
    static final int MEMBERS = 16;

    /** The writer whose redaction and bounds the bytes were made with. */
    private final EventJson owner;
    private final String[] seen = new String[MEMBERS];
    /** The field each member came with: a pair's key is the spec's, but checked all the same. */
    private final byte[][] seenField = new byte[MEMBERS][];
    private final byte[][] encoded = new byte[MEMBERS][];
    private final boolean[] varying = new boolean[MEMBERS];

    private SpecBytes(EventJson owner) {
        this.owner = owner;
    }

    /** {@code spec}'s bytes as {@code owner} encodes them; another writer's (another config's) are replaced. */
    static SpecBytes of(CallSiteSpec spec, EventJson owner) {
        if (spec.exportBytes() instanceof SpecBytes bytes && bytes.owner == owner) {
            return bytes;
        }
        SpecBytes bytes = new SpecBytes(owner);
        spec.exportBytes(bytes);
        return bytes;
    }

    /**
     * The member as {@code field} (its encoded name, {@code "name":}) and its value as {@code shown}
     * shows it, encoded in one run of bytes; null when the member varies between calls or is null,
     * for the caller to spell it. A member's field is the same on every call.
     */
    byte[] encoded(int member, byte[] field, String value, UnaryOperator<String> shown) {
        if (value == null || varying[member]) {
            return null;
        }
        if (seen[member] == value && seenField[member] == field) {
            return encoded[member];
        }
        if (seen[member] != null) {
            varying[member] = true;
            seen[member] = null;
            seenField[member] = null;
            encoded[member] = null;
            return null;
        }
        seen[member] = value;
        seenField[member] = field;
        JsonOut out = new JsonOut(field.length + value.length() * 6 + 2);
        out.raw(field);
        out.string(shown.apply(value));
        encoded[member] = out.toByteArray();
        return encoded[member];
    }
}
