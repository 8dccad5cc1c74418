package sh.ratri.agent.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns the {@code System.nanoTime()} that the application thread captured into wall-clock time,
 * on the exporter thread: one wall-clock reading at start, then monotonic offsets, so durations
 * and order never jump with the system clock.
 */
public final class Clock {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final long startEpochNanos;
    private final long startNanoTime;
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] cachedPrefix;

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

    public long startEpochMillis() {
        return startEpochNanos / 1_000_000L;
    }

    /**
     * The timestamp up to its microseconds, e.g. {@code 2026-11-25T03:45:31.}: the same array for
     * every instant of one second, spelled once per second. Exporter thread only.
     */
    byte[] secondPrefix(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedPrefix = (SECONDS.format(Instant.ofEpochSecond(second)) + ".").getBytes(StandardCharsets.US_ASCII);
        }
        return cachedPrefix;
    }

    /** The microseconds within the second, as the timestamp spells them after the dot. */
    static int micros(long epochNanos) {
        return (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1_000L);
    }
}
