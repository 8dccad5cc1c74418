package sh.ratri.agent.export;

import sh.ratri.agent.timeline.IdSpeller;
import sh.ratri.agent.timeline.Ids;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Spells ids as UUIDv7 strings: 48 bits of Unix milliseconds, then random bits fixed per JVM, then
 * a counter. Event ids use the event's sequence as the counter; session, run, step, tool-call and
 * handoff ids decode the time and counter packed by {@link Ids}. Ids from two JVMs differ in their
 * random bits; ids from one JVM differ in their counter.
 */
final class IdFormat implements IdSpeller {

    /** Eight and four hex digits stored at once, first digit first. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FOUR_BYTES = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final long startEpochMillis;
    private final long random12;
    private final long random30;
    /**
     * Per kind (entity 0, event 1), the id's chars 13 to 28 as two big-endian longs: from the dash
     * after the time to the first char of the last group, they hold only the version, the random
     * bits and the kind, so they are spelled once; char 28 is written over by the counter's digits.
     */
    private final long[] middle = new long[4];

    IdFormat(long startEpochMillis) {
        this.startEpochMillis = startEpochMillis;
        SecureRandom random = new SecureRandom();
        this.random12 = random.nextInt(1 << 12);
        this.random30 = random.nextInt(1 << 30);
        byte[] spelled = new byte[LENGTH];
        for (int kind = 0; kind < 2; kind++) {
            spellFully(spelled, 0, 0L, 0L, kind);
            middle[2 * kind] = (long) EIGHT_BYTES.get(spelled, 13);
            middle[2 * kind + 1] = (long) EIGHT_BYTES.get(spelled, 21);
        }
    }

    static final int LENGTH = 36;

    @Override
    public String spell(long id) {
        return entityId(id);
    }

    /** An id made by {@link Ids#next}. */
    String entityId(long id) {
        byte[] out = new byte[LENGTH];
        entityId(id, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** Spells {@code id} into {@code out[at..at+36)}: the exporter writes ids without making strings. */
    void entityId(long id, byte[] out, int at) {
        long ticks = id >>> Ids.COUNTER_BITS;
        long millis = startEpochMillis + (ticks * (1L << 20)) / 1_000_000L;
        uuid(out, at, millis, id & ((1L << Ids.COUNTER_BITS) - 1), 0L);
    }

    /** An event id: the event's time and its per-JVM sequence number. */
    String eventId(long epochMillis, long sequence) {
        byte[] out = new byte[LENGTH];
        eventId(epochMillis, sequence, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    void eventId(long epochMillis, long sequence, byte[] out, int at) {
        uuid(out, at, epochMillis, sequence & 0xFFFF_FFFFL, 1L);
    }

    /** {@code kind} keeps entity ids and event ids of the same millisecond and counter apart. */
    private void uuid(byte[] out, int at, long millis, long counter, long kind) {
        long msb = (millis << 16) | 0x7000L | random12;
        long lsb = 0x8000_0000_0000_0000L | (kind << 61) | (random30 << 31) | (counter & 0x7FFF_FFFFL);
        EIGHT_BYTES.set(out, at, hex8((int) (msb >>> 32)));
        out[at + 8] = '-';
        FOUR_BYTES.set(out, at + 9, hex4((int) (msb >>> 16)));
        EIGHT_BYTES.set(out, at + 13, middle[(int) (2 * kind)]);
        EIGHT_BYTES.set(out, at + 21, middle[(int) (2 * kind + 1)]);
        EIGHT_BYTES.set(out, at + 28, hex8((int) lsb));
    }

    /** {@link #uuid} group by group: what the constant middle is spelled from. */
    private void spellFully(byte[] out, int at, long millis, long counter, long kind) {
        long msb = (millis << 16) | 0x7000L | random12;
        long lsb = 0x8000_0000_0000_0000L | (kind << 61) | (random30 << 31) | (counter & 0x7FFF_FFFFL);
        EIGHT_BYTES.set(out, at, hex8((int) (msb >>> 32)));
        out[at + 8] = '-';
        FOUR_BYTES.set(out, at + 9, hex4((int) (msb >>> 16)));
        out[at + 13] = '-';
        FOUR_BYTES.set(out, at + 14, hex4((int) msb));
        out[at + 18] = '-';
        FOUR_BYTES.set(out, at + 19, hex4((int) (lsb >>> 48)));
        out[at + 23] = '-';
        FOUR_BYTES.set(out, at + 24, hex4((int) (lsb >>> 32)));
        EIGHT_BYTES.set(out, at + 28, hex8((int) lsb));
    }

    /**
     * The 8 lowercase hex digits of {@code value} as ASCII bytes in one long, first digit in the
     * highest byte: each nibble is spread into a byte of its own, then made a digit or a letter
     * in all eight bytes at once. Ids are most of an event's bytes, and this is a few instructions
     * where a digit at a time was a table load, a shift and a store each.
     */
    static long hex8(int value) {
        long v = value & 0xFFFF_FFFFL;
        v = (v | v << 16) & 0x0000_FFFF_0000_FFFFL;
        v = (v | v << 8) & 0x00FF_00FF_00FF_00FFL;
        v = (v | v << 4) & 0x0F0F_0F0F_0F0F_0F0FL;
        long letters = ((v + 0x0606_0606_0606_0606L) >>> 4) & 0x0101_0101_0101_0101L; // 1 where the nibble is > 9
        return v + 0x3030_3030_3030_3030L + letters * ('a' - '0' - 10);
    }

    /** {@link #hex8} for the low 16 bits of {@code value}: 4 digits in one int. */
    static int hex4(int value) {
        int v = value & 0xFFFF;
        v = (v | v << 8) & 0x00FF_00FF;
        v = (v | v << 4) & 0x0F0F_0F0F;
        int letters = ((v + 0x0606_0606) >>> 4) & 0x0101_0101;
        return v + 0x3030_3030 + letters * ('a' - '0' - 10);
    }
}
