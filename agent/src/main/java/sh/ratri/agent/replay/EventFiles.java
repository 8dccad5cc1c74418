package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the JSON Lines files behind the replay paths and reads them line by line as bytes, with
 * each line's byte offset, so that a later pass can go straight back to the lines of one session.
 */
final class EventFiles {

    private static final int BUFFER_BYTES = 1 << 20;

    /** Receives each line of a file that is not blank, and each line too long to buffer. */
    interface LineHandler {
        /** {@code bytes[offset, offset + length)} is the line, without its line break. */
        void line(byte[] bytes, int offset, int length, long fileOffset, int lineNumber);

        void tooLong(long fileOffset, int lineNumber);
    }

    private EventFiles() {}

    /**
     * A file stands for itself; a directory for the {@code *.jsonl} files directly inside it,
     * sorted by name so that replays of the same directory read alike.
     */
    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> inDirectory = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.jsonl")) {
                    for (Path entry : entries) {
                        if (Files.isRegularFile(entry)) {
                            inDirectory.add(entry);
                        }
                    }
                }
                inDirectory.sort(null);
                files.addAll(inDirectory);
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new NoSuchFileException(path.toString());
            }
        }
        return files;
    }

    /**
     * Hands every line of {@code file} to {@code handler}, buffering at most {@code maxLineBytes}
     * of one line: a longer line is passed over unread and reported as too long, so that one
     * absurd line cannot run the replay out of memory.
     */
    static void readLines(Path file, int maxLineBytes, LineHandler handler) throws IOException {
        byte[] buffer = new byte[Math.min(BUFFER_BYTES, maxLineBytes)];
        long bufferStart = 0; // file offset of buffer[0]
        int lineStart = 0;
        int scanned = 0;
        int filled = 0;
        int lineNumber = 1;
        boolean skippingLongLine = false;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int newline = indexOf(buffer, '\n', scanned, filled);
                if (newline >= 0) {
                    if (skippingLongLine) {
                        skippingLongLine = false;
                    } else if (!blank(buffer, lineStart, newline)) {
                        handler.line(buffer, lineStart, newline - lineStart, bufferStart + lineStart, lineNumber);
                    }
                    lineNumber++;
                    lineStart = newline + 1;
                    scanned = lineStart;
                    continue;
                }
                scanned = filled;
                if (lineStart > 0) {
                    System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                    bufferStart += lineStart;
                    filled -= lineStart;
                    scanned -= lineStart;
                    lineStart = 0;
                }
                if (filled == buffer.length) {
                    if (skippingLongLine || buffer.length >= maxLineBytes) {
                        if (!skippingLongLine) {
                            handler.tooLong(bufferStart, lineNumber);
                            skippingLongLine = true;
                        }
                        bufferStart += filled;
                        filled = 0;
                        scanned = 0;
                    } else {
                        byte[] larger = new byte[(int) Math.min(maxLineBytes, 2L * buffer.length)];
                        System.arraycopy(buffer, 0, larger, 0, filled);
                        buffer = larger;
                    }
                }
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    if (!skippingLongLine && !blank(buffer, 0, filled)) {
                        handler.line(buffer, 0, filled, bufferStart, lineNumber);
                    }
                    return;
                }
                filled += read;
            }
        }
    }

    private static int indexOf(byte[] bytes, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
