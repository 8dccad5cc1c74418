package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockTest {

    private final Clock clock = new Clock(0, 0);

    /**
     * RFC 3339 in UTC with microseconds, as the event JSON spells it from the clock's parts (see
     * EventJson): the second's prefix, six digits, {@code Z}.
     */
    private String timestamp(long epochNanos) {
        return new String(clock.secondPrefix(epochNanos), StandardCharsets.US_ASCII)
                + String.format("%06dZ", Clock.micros(epochNanos));
    }

    private static long epochNanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void timestampIsRfc3339UtcWithSixFractionalDigits() {
        assertThat(timestamp(epochNanos("2026-11-25T03:45:31.123456789Z")))
                .isEqualTo("2026-11-25T03:45:31.123456Z");
    }

    @Test
    void epochIsZeroPadded() {
        assertThat(timestamp(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(timestamp(1_000)).isEqualTo("1970-01-01T00:00:00.000001Z");
        assertThat(timestamp(1_500_000)).isEqualTo("1970-01-01T00:00:00.001500Z");
    }

    @Test
    void nanosBelowAMicrosecondAreCutOff() {
        assertThat(timestamp(999)).isEqualTo("1970-01-01T00:00:00.000000Z");
    }

    @Test
    void secondRollsOverAndBackCorrectly() {
        long second = epochNanos("2026-12-31T23:59:59Z");

        assertThat(timestamp(second + 999_999_999)).isEqualTo("2026-12-31T23:59:59.999999Z");
        assertThat(timestamp(second + 1_000_000_000)).isEqualTo("2027-01-01T00:00:00.000000Z");
        assertThat(timestamp(second + 999_999_000)).isEqualTo("2026-12-31T23:59:59.999999Z");
    }

    @Test
    void timestampParsesBackToTheSameMicrosecond() {
        long nanos = epochNanos("2026-11-25T03:45:31.000042Z");

        assertThat(Instant.parse(timestamp(nanos))).isEqualTo(Instant.parse("2026-11-25T03:45:31.000042Z"));
    }

    @Test
    void nanoTimeIsOffsetFromOneWallClockReading() {
        long wall = epochNanos("2026-11-25T03:45:31Z");
        Clock started = new Clock(wall, 5_000_000_000L);

        assertThat(started.epochNanos(5_000_000_000L)).isEqualTo(wall);
        assertThat(started.epochNanos(5_002_500_000L)).isEqualTo(wall + 2_500_000L);
        assertThat(started.epochNanos(4_999_000_000L)).isEqualTo(wall - 1_000_000L);
        assertThat(started.startEpochMillis()).isEqualTo(wall / 1_000_000L);
    }

    @Test
    void clockNowIsCloseToTheSystemClock() {
        Clock now = Clock.now();

        assertThat(now.epochNanos(System.nanoTime()) / 1_000_000L)
                .isBetween(System.currentTimeMillis() - 1_000, System.currentTimeMillis() + 1_000);
    }

    private static String javaTime(long epochNanos) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L) / 1_000 * 1_000);
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC).format(instant);
    }

    @Test
    void timestampsReadAsJavaTimeAroundSecondDayYearAndLeapDayBoundaries() {
        Random random = new Random(17);
        for (String boundary : new String[] {"2024-02-28T23:59:59Z", "2024-02-29T23:59:59Z", "2100-02-28T23:59:59Z",
                "2000-02-29T23:59:59Z", "2026-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "2038-01-19T03:14:07Z"}) {
            long second = epochNanos(boundary);
            for (long offset = -2_000_000_000L; offset <= 2_000_000_000L; offset += 1_000 + random.nextInt(5_000_000)) {
                assertThat(timestamp(second + offset)).isEqualTo(javaTime(second + offset));
            }
        }
        for (int i = 0; i < 100_000; i++) { // any instant from 1970 to 2262, in any order
            long nanos = random.nextLong() & Long.MAX_VALUE;
            assertThat(timestamp(nanos)).isEqualTo(javaTime(nanos));
        }
    }
}
