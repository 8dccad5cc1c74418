package sh.ratri.junit;

/** Token totals of the model calls recorded in a test: the sums of {@code llm.ended}'s {@code inputTokens} and {@code outputTokens}. */
public final class Tokens {

    private final long input;
    private final long output;
    private final int calls;

    Tokens(long input, long output, int calls) {
        this.input = input;
        this.output = output;
        this.calls = calls;
    }

    /** Every prompt token, cached ones included. */
    public long input() {
        return input;
    }

    public long output() {
        return output;
    }

    public long total() {
        return input + output;
    }

    /** How many model calls ended ({@code llm.ended} events). */
    public int calls() {
        return calls;
    }

    /** Fails when the calls used more than {@code max} tokens in all. */
    public Tokens assertTotalAtMost(long max) {
        if (total() > max) {
            throw new AssertionError("expected at most " + max + " tokens, the test's " + calls + " model calls used "
                    + total() + " (" + input + " in, " + output + " out)");
        }
        return this;
    }

    @Override
    public String toString() {
        return input + " in, " + output + " out over " + calls + " model calls";
    }
}
