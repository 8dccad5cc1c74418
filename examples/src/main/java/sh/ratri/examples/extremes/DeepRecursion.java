package sh.ratri.examples.extremes;

import sh.ratri.annotations.Session;
import sh.ratri.annotations.WorkflowStep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A traced method recursing until the stack overflows: prints the deepest level it reached. For a
 * class-load log written to the same stdout, it also prints the main thread's OS thread id (Linux)
 * and the lines {@code descending} and {@code ascended} around the recursion.
 */
public class DeepRecursion {

    private int deepest;

    @Session(kind = "deep-recursion")
    public int run() {
        deepest = 0;
        try {
            descend(1, "level", this);
        } catch (StackOverflowError expected) {
            // the depth is the result
        }
        return deepest;
    }

    @WorkflowStep(stepKey = "descend")
    public int descend(int depth, String label, Object payload) {
        deepest = depth;
        return descend(depth + 1, label, payload) + 1;
    }

    public static void main(String[] args) throws IOException {
        Path self = Path.of("/proc/thread-self");
        if (Files.exists(self)) {
            String taskPath = Files.readSymbolicLink(self).toString();
            System.out.println("main thread " + taskPath.substring(taskPath.lastIndexOf('/') + 1));
        }
        System.out.println("descending");
        int depth = new DeepRecursion().run();
        System.out.println("ascended");
        System.out.println("max depth " + depth);
    }
}
