package sh.ratri.agent.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns the {@code System.nanoTime()} that the application thread captured into wall-clock time,
 * on the exporter thread: one wall-clock reading at start, then monotonic offsets, so durations
 * and order never jump with the system clock.
 */
final class Clock {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final long startEpochNanos;
    private final long startNanoTime;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;

    Clock(long startEpochNanos, long startNanoTime) {
        this.startEpochNanos = startEpochNanos;
        this.startNanoTime = startNanoTime;
    }

    static Clock now() {
        Instant wall = Instant.now();
        long nano = System.nanoTime();
        return new Clock(wall.getEpochSecond() * 1_000_000_000L + wall.getNano(), nano);
    }

    long epochNanos(long nanoTime) {
        return startEpochNanos + (nanoTime - startNanoTime);
    }

    long startEpochMillis() {
        return startEpochNanos / 1_000_000L;
    }

    /** RFC 3339 in UTC with microseconds, e.g. {@code 2026-11-25T03:45:31.123456Z}. */
    String timestamp(long epochNanos) {
        char[] out = new char[TIMESTAMP_MAX];
        return new String(out, 0, timestamp(epochNanos, out));
    }

    static final int TIMESTAMP_MAX = 32;

    /** {@link #timestamp(long)} spelled into {@code out}; returns its length. Exporter thread only. */
    int timestamp(long epochNanos, char[] out) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        long micros = Math.floorMod(epochNanos, 1_000_000_000L) / 1_000L;
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedPrefix = SECONDS.format(Instant.ofEpochSecond(second)) + ".";
        }
        int at = cachedPrefix.length();
        cachedPrefix.getChars(0, at, out, 0);
        for (int i = at + 5; i >= at; i--) {
            out[i] = (char) ('0' + micros % 10);
            micros /= 10;
        }
        out[at + 6] = 'Z';
        return at + 7;
    }
}
