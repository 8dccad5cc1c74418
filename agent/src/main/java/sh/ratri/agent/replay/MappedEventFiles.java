package sh.ratri.agent.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads lines back by byte offset from the files the index read, through read-only memory maps:
 * the file's pages stay in the operating system's cache, off the Java heap, and a session's
 * scattered lines cost no system call each.
 */
final class MappedEventFiles implements Closeable {

    /** A map covers at most this much of a file; a line across two maps is copied in two parts. */
    private static final long WINDOW_BYTES = 1L << 30;

    private final List<Path> files;
    private final FileChannel[] channels;
    private final MappedByteBuffer[][] windows;

    MappedEventFiles(List<Path> files) {
        this.files = files;
        this.channels = new FileChannel[files.size()];
        this.windows = new MappedByteBuffer[files.size()][];
    }

    /** {@code length} bytes at {@code offset} of file number {@code fileIndex}, into {@code into} when it is large enough. */
    byte[] read(int fileIndex, long offset, int length, byte[] into) throws IOException {
        byte[] bytes = into != null && into.length >= length ? into : new byte[Math.max(length, 8192)];
        int copied = 0;
        while (copied < length) {
            long at = offset + copied;
            MappedByteBuffer window = window(fileIndex, (int) (at / WINDOW_BYTES), at + length - copied);
            int inWindow = (int) (at % WINDOW_BYTES);
            int part = Math.min(length - copied, window.capacity() - inWindow);
            window.get(inWindow, bytes, copied, part); // absolute: safe while other threads read the same map
            copied += part;
        }
        return bytes;
    }

    private synchronized MappedByteBuffer window(int fileIndex, int number, long needEnd) throws IOException {
        if (channels[fileIndex] == null) {
            channels[fileIndex] = FileChannel.open(files.get(fileIndex), StandardOpenOption.READ);
            windows[fileIndex] = new MappedByteBuffer[(int) (channels[fileIndex].size() / WINDOW_BYTES) + 1];
        }
        long size = channels[fileIndex].size();
        long start = number * WINDOW_BYTES;
        if (number >= windows[fileIndex].length || Math.min(needEnd, start + WINDOW_BYTES) > size) {
            throw new IOException(files.get(fileIndex) + " became shorter while it was replayed");
        }
        if (windows[fileIndex][number] == null) {
            windows[fileIndex][number] = channels[fileIndex].map(FileChannel.MapMode.READ_ONLY, start,
                    Math.min(WINDOW_BYTES, size - start));
        }
        return windows[fileIndex][number];
    }

    @Override
    public synchronized void close() throws IOException {
        for (FileChannel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
