package sh.ratri.agent.export.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolDirectoryTest {

    private final List<String> problems = new ArrayList<>();

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void batchesAreTakenOldestFirstAndGoneOnceDone(@TempDir Path dir) throws Exception {
        SpoolDirectory spool = new SpoolDirectory(dir.resolve("http"), 1_000_000, 1_700_000_000_000L, 42, problems::add);
        spool.append(bytes(10, 1), 3);
        spool.append(bytes(10, 2), 4);
        SpoolDirectory.Entry first = spool.take();
        assertThat(spool.read(first)).isEqualTo(bytes(10, 1));
        assertThat(first.events()).isEqualTo(3);
        spool.done(first);
        SpoolDirectory.Entry second = spool.take();
        assertThat(spool.read(second)).isEqualTo(bytes(10, 2));
        spool.release(second);
        assertThat(spool.take()).isEqualTo(second);
        spool.done(second);
        assertThat(spool.take()).isNull();
        assertThat(spool.isEmpty()).isTrue();
        try (Stream<Path> files = Files.list(dir.resolve("http"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFullSpoolDropsTheOldestBatchesAndCountsTheirEvents(@TempDir Path dir) {
        SpoolDirectory spool = new SpoolDirectory(dir, 250, 1_700_000_000_000L, 42, problems::add);
        for (int i = 0; i < 5; i++) {
            spool.append(bytes(100, i), 10 + i);
        }
        // room for two batches of 100 bytes: the first three (10 + 11 + 12 events) went
        assertThat(spool.lostEvents()).isEqualTo(33);
        assertThat(spool.lostBatches()).isEqualTo(3);
        assertThat(spool.pendingEvents()).isEqualTo(13 + 14);
        assertThat(spool.pendingBytes()).isEqualTo(200);
        assertThat(spool.spooledEvents()).isEqualTo(10 + 11 + 12 + 13 + 14);
        assertThat(spool.take().events()).isEqualTo(13);
    }

    @Test
    void theBatchBeingSentIsNeverEvicted(@TempDir Path dir) {
        SpoolDirectory spool = new SpoolDirectory(dir, 150, 1_700_000_000_000L, 42, problems::add);
        spool.append(bytes(100, 1), 1);
        SpoolDirectory.Entry sending = spool.take();
        spool.append(bytes(100, 2), 2);
        assertThat(spool.lostEvents()).isZero();
        spool.append(bytes(100, 3), 3);
        // batch 2 made room for batch 3; batch 1 is in flight and stays
        assertThat(spool.lostEvents()).isEqualTo(2);
        assertThat(Files.exists(sending.file())).isTrue();
        spool.done(sending);
        assertThat(spool.take().events()).isEqualTo(3);
    }

    @Test
    void aBatchLargerThanTheBoundIsStillKeptAlone(@TempDir Path dir) {
        SpoolDirectory spool = new SpoolDirectory(dir, 50, 1_700_000_000_000L, 42, problems::add);
        spool.append(bytes(100, 1), 7);
        assertThat(spool.pendingEvents()).isEqualTo(7);
        spool.append(bytes(100, 2), 8);
        assertThat(spool.lostEvents()).isEqualTo(7);
        assertThat(spool.pendingEvents()).isEqualTo(8);
    }

    @Test
    void aNewJvmPicksUpWhatAnEarlierOneLeftInOrderBeforeItsOwn(@TempDir Path dir) throws Exception {
        SpoolDirectory earlier = new SpoolDirectory(dir, 1_000_000, 1_700_000_000_000L, 7, problems::add);
        earlier.append(bytes(5, 1), 1);
        earlier.append(bytes(5, 2), 2);
        Files.writeString(dir.resolve("notes.txt"), "not a batch");
        Files.write(dir.resolve("1700000000000-0000000007-000000009-5.json.gz.partial"), bytes(3, 9));

        SpoolDirectory later = new SpoolDirectory(dir, 1_000_000, 1_700_000_100_000L, 8, problems::add);
        later.append(bytes(5, 3), 3);
        assertThat(later.pendingEvents()).isEqualTo(6);
        List<Integer> order = new ArrayList<>();
        SpoolDirectory.Entry e;
        while ((e = later.take()) != null) {
            order.add(e.events());
            later.done(e);
        }
        assertThat(order).containsExactly(1, 2, 3);
    }

    @Test
    void fileNamesHoldNoSecretsOnlyTimePidNumberAndCount(@TempDir Path dir) throws Exception {
        SpoolDirectory spool = new SpoolDirectory(dir, 1_000_000, 1_700_000_000_000L, 42, problems::add);
        spool.append(bytes(5, 1), 12);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactly("1700000000000-0000000042-000000000-12.json.gz");
        }
    }

    @Test
    void aBatchThatCannotBeWrittenIsHeldInMemoryAndSentFromThereNotCountedAsSpoolFull(@TempDir Path dir)
            throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        SpoolDirectory spool = new SpoolDirectory(notADirectory.resolve("http"), 1_000_000, 1_700_000_000_000L, 42,
                problems::add);

        assertThat(spool.append(bytes(10, 1), 3)).isFalse();
        assertThat(spool.append(bytes(10, 2), 4)).isFalse();

        assertThat(problems).singleElement().asString()
                .startsWith("ratri: cannot write to the spool " + notADirectory.resolve("http") + " (java.nio.file.")
                .endsWith("); sending its batches from memory meanwhile (at most 1000000 bytes held), what is unsent at exit is lost");
        assertThat(spool.writeError()).startsWith("java.nio.file.");
        SpoolDirectory.Entry first = spool.take();
        assertThat(spool.read(first)).isEqualTo(bytes(10, 1));
        spool.done(first);
        assertThat(spool.lostEvents()).isZero();
        assertThat(spool.pendingEvents()).isZero();
        assertThat(spool.unspooledLostEvents()).isEqualTo(4); // the one still held: lost if the JVM ends now
        spool.done(spool.take());
        assertThat(spool.unspooledLostEvents()).isZero();
        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void heldBatchesAreBoundedAndTheOldestGoFirst(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        SpoolDirectory spool = new SpoolDirectory(notADirectory.resolve("http"), 250, 1_700_000_000_000L, 42,
                problems::add);
        for (int i = 0; i < 5; i++) {
            spool.append(bytes(100, i), 10 + i);
        }
        assertThat(spool.unspooledLostEvents()).isEqualTo(10 + 11 + 12 + 13 + 14);
        assertThat(spool.take().events()).isEqualTo(13);
        assertThat(spool.lostEvents()).isZero();
        assertThat(problems).hasSize(1);
    }
}
