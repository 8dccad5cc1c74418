package sh.ratri.agent.timeline;

/**
 * What a recognised test framework says about one of its tests, for the test's session. The
 * framework's objects arrive as plain {@code Object}s from the advice woven into it; only the
 * recogniser (in {@code weave.recognize}) knows their types, by name.
 */
public interface TestReader {

    /** No test framework is recognised: the advice that would call it is never woven. */
    TestReader NONE = new TestReader() {
        @Override
        public String[] session(Object test) {
            return new String[] {"test", ""};
        }

        @Override
        public Throwable failure(Object ending, Throwable thrown) {
            return thrown;
        }

        @Override
        public boolean aborted(Throwable failure) {
            return false;
        }
    };

    /** The test session's {@code session.started} values: kind, input summary, then metadata key, value, …. */
    String[] session(Object test);

    /**
     * What failed or aborted the test, or null when it passed: {@code thrown} when the framework's
     * method threw, else what the framework collected from {@code ending}, the state it ended with.
     */
    Throwable failure(Object ending, Throwable thrown);

    /** True when {@code failure} aborted the test (an assumption did not hold) rather than failed it. */
    boolean aborted(Throwable failure);
}
