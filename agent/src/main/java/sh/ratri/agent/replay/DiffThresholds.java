package sh.ratri.agent.replay;

import java.util.Locale;

/**
 * When {@code replay --diff} reports a change of tokens, cost or duration: when it moved by at
 * least {@code percent} of the baseline's value ({@code --threshold}, default
 * {@value #DEFAULT_PERCENT}%) <em>and</em> by at least a floor that keeps tiny values from
 * reporting noise: {@value #MIN_TOKENS} tokens, ${@value #MIN_COST_USD}, {@value #MIN_DURATION_MS}
 * ms. A session's duration varies with the machine far more than its tokens, hence the floor.
 */
record DiffThresholds(double percent) {

    static final double DEFAULT_PERCENT = 25;
    static final long MIN_TOKENS = 100;
    static final double MIN_COST_USD = 0.001;
    static final double MIN_DURATION_MS = 100;
    static final DiffThresholds DEFAULT = new DiffThresholds(DEFAULT_PERCENT);

    /** {@code 25} or {@code 25%}, from 0 up. @throws IllegalArgumentException naming the option */
    static DiffThresholds parse(String text) {
        String number = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1) : text.trim();
        try {
            double percent = Double.parseDouble(number);
            if (percent >= 0 && Double.isFinite(percent)) {
                return new DiffThresholds(percent);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--threshold " + text + " is not a percentage, e.g. 25 or 25%");
    }

    boolean tokensChanged(Long before, Long after) {
        return before != null && after != null && beyond(before, after, MIN_TOKENS);
    }

    boolean costChanged(Double before, Double after) {
        return before != null && after != null && beyond(before, after, MIN_COST_USD);
    }

    boolean durationChanged(Double before, Double after) {
        return before != null && after != null && beyond(before, after, MIN_DURATION_MS);
    }

    private boolean beyond(double before, double after, double floor) {
        double delta = Math.abs(after - before);
        return delta >= floor && (before == 0 || delta * 100 / Math.abs(before) >= percent);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s%% (and at least %d tokens, $%s, %.0f ms)",
                percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent),
                MIN_TOKENS, MIN_COST_USD, MIN_DURATION_MS);
    }
}
