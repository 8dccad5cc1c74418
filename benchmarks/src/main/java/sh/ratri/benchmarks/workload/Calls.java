package sh.ratri.benchmarks.workload;

/**
 * The shape {@link Workload} times: {@code session(i)} calls run → step → child run → tool, five calls
 * deep, and returns the tool's reply ({@link Replies#of}). {@link Nested} is traced by whichever agent
 * is attached; {@link FloorCalls} records both ends of every call itself, as cheaply as any tracer could.
 */
public interface Calls {

    String session(int i);
}
