package sh.ratri.examples.extremes;

import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.Collections;
import java.util.List;

/**
 * Tools that return values whose whole {@code toString()} would be hundreds of megabytes: a 60 MB
 * {@code byte[]} and a list of 100 million elements. Run with {@code -Xmx256m}; prints how long the
 * traced calls took.
 */
public class HugeValues {

    @Session(kind = "huge-values")
    public long run() {
        byte[] blob = download();
        List<String> rows = rows();
        return (long) blob.length + rows.size();
    }

    @Tool(name = "blob.download")
    public byte[] download() {
        byte[] blob = new byte[60 * 1024 * 1024];
        blob[1] = 1;
        return blob;
    }

    @Tool(name = "rows.query")
    public List<String> rows() {
        return Collections.nCopies(100_000_000, "row");
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        new HugeValues().run();
        System.out.println("traced calls took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
