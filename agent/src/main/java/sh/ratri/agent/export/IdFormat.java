package sh.ratri.agent.export;

import sh.ratri.agent.timeline.IdSpeller;
import sh.ratri.agent.timeline.Ids;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Spells ids as UUIDv7 strings: 48 bits of Unix milliseconds, then random bits fixed per JVM, then
 * a counter. Event ids use the event's sequence as the counter; session, run, step, tool-call and
 * handoff ids decode the time and counter packed by {@link Ids}. Ids from two JVMs differ in their
 * random bits; ids from one JVM differ in their counter.
 */
final class IdFormat implements IdSpeller {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final long startEpochMillis;
    private final long random12;
    private final long random30;

    IdFormat(long startEpochMillis) {
        this.startEpochMillis = startEpochMillis;
        SecureRandom random = new SecureRandom();
        this.random12 = random.nextInt(1 << 12);
        this.random30 = random.nextInt(1 << 30);
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
        hex(out, at, msb >>> 32, 8);
        out[at + 8] = '-';
        hex(out, at + 9, (msb >>> 16) & 0xFFFF, 4);
        out[at + 13] = '-';
        hex(out, at + 14, msb & 0xFFFF, 4);
        out[at + 18] = '-';
        hex(out, at + 19, lsb >>> 48, 4);
        out[at + 23] = '-';
        hex(out, at + 24, lsb & 0xFFFF_FFFF_FFFFL, 12);
    }

    private static void hex(byte[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
