package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.timeline.Ids;

class IdFormatTest {

    private static final long START_MILLIS = 1_795_000_000_000L; // 2026-11
    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final IdFormat format = new IdFormat(START_MILLIS);

    private static long millisOf(String uuid) {
        return UUID.fromString(uuid).getMostSignificantBits() >>> 16;
    }

    @Test
    void eventIdIsAVersion7Uuid() {
        String id = format.eventId(START_MILLIS + 5, 42);

        assertThat(id).hasSize(36).matches(UUID_V7);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(millisOf(id)).isEqualTo(START_MILLIS + 5);
    }

    @Test
    void entityIdIsAVersion7UuidCarryingItsCreationTime() {
        long id = new Ids(0).block().next(3L << 20); // three ticks of 2^20 ns after the start

        String text = format.entityId(id);

        assertThat(text).hasSize(36).matches(UUID_V7);
        assertThat(UUID.fromString(text).version()).isEqualTo(7);
        assertThat(UUID.fromString(text).variant()).isEqualTo(2);
        assertThat(millisOf(text)).isEqualTo(START_MILLIS + (3L << 20) / 1_000_000L);
    }

    @Test
    void everyGroupOfAnEventIdIsItsBitsWhateverTheTimeAndSequence() {
        IdFormat other = new IdFormat(START_MILLIS); // other random bits
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 10_000; i++) {
            long millis = START_MILLIS + random.nextInt(Integer.MAX_VALUE);
            long sequence = random.nextLong() & 0xFFFF_FFFFL;
            for (IdFormat f : new IdFormat[] {format, other}) {
                String id = f.eventId(millis, sequence);
                UUID uuid = UUID.fromString(id);

                assertThat(uuid.toString()).isEqualTo(id).matches(UUID_V7);
                assertThat(millisOf(id)).isEqualTo(millis);
                assertThat(uuid.getLeastSignificantBits() & 0x7FFF_FFFFL).isEqualTo(sequence & 0x7FFF_FFFFL);
                assertThat(id.substring(13, 28)).isEqualTo(f.eventId(START_MILLIS, 0).substring(13, 28));
            }
        }
    }

    @Test
    void entityIdsAndEventIdsNeverCollide() {
        Set<String> entityIds = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        for (long counter = 1; counter < 2_000; counter++) {
            // an entity id made at the start with this counter, and an event at the same millisecond
            entityIds.add(format.entityId(counter));
            eventIds.add(format.eventId(START_MILLIS, counter));
        }

        assertThat(entityIds).hasSize(1_999);
        assertThat(eventIds).hasSize(1_999);
        assertThat(entityIds).doesNotContainAnyElementsOf(eventIds);
    }

    @Test
    void entityIdsSortInCreationOrder() {
        Ids.Block ids = new Ids(0).block();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            made.add(format.entityId(ids.next(i * 50_000L)));
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void eventIdsSortInTimeAndSequenceOrder() {
        List<String> made = new ArrayList<>();
        for (int sequence = 0; sequence < 5_000; sequence++) {
            made.add(format.eventId(START_MILLIS + sequence / 10, sequence));
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void twoAgentsStartedTogetherMakeDifferentIds() {
        IdFormat other = new IdFormat(START_MILLIS);
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>();
        for (long i = 0; i < 100; i++) {
            a.add(format.eventId(START_MILLIS, i));
            b.add(other.eventId(START_MILLIS, i));
        }

        assertThat(a).doesNotContainAnyElementsOf(b);
    }

    @Test
    void hexDigitsReadAsIntegerToHexStringZeroPadded() {
        Random random = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            int value = i < 16 ? (int) (0x1111_1111L * i) : random.nextInt();
            byte[] eight = new byte[8];
            long digits = IdFormat.hex8(value);
            for (int b = 0; b < 8; b++) {
                eight[b] = (byte) (digits >>> (56 - 8 * b));
            }
            assertThat(new String(eight, StandardCharsets.US_ASCII)).isEqualTo(String.format("%08x", value));
            int four = IdFormat.hex4(value);
            assertThat(String.valueOf(new char[] {(char) (four >>> 24), (char) (four >>> 16 & 0xFF),
                    (char) (four >>> 8 & 0xFF), (char) (four & 0xFF)})).isEqualTo(String.format("%04x", value & 0xFFFF));
        }
    }

    @Test
    void idsReadBackAsTheSameUuidAtAnyOffsetOfTheBuffer() {
        Random random = new Random(17);
        byte[] buffer = new byte[100];
        for (int i = 0; i < 10_000; i++) {
            int at = random.nextInt(buffer.length - IdFormat.LENGTH + 1);
            format.eventId(START_MILLIS + random.nextInt(1 << 30), random.nextLong(), buffer, at);
            String eventId = new String(buffer, at, IdFormat.LENGTH, StandardCharsets.US_ASCII);
            assertThat(UUID.fromString(eventId).toString()).isEqualTo(eventId);
            String entityId = format.entityId(random.nextLong() >>> 1);
            assertThat(UUID.fromString(entityId).toString()).isEqualTo(entityId);
        }
    }
}
