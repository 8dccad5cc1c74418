package sh.ratri.agent.replay;

import java.util.List;
import sh.ratri.agent.json.JsonObject;

/**
 * How a session, run, step or tool ended: {@code completed}, {@code failed}, {@code blocked} as
 * recorded, or {@code unfinished} when no {@code *.ended} event was found.
 */
record Outcome(String status, Double durationMs, String outputSummary, Error error) {

    static final String UNFINISHED_STATUS = "unfinished";
    static final Outcome UNFINISHED = new Outcome(UNFINISHED_STATUS, null, null, null);
    static final String FAILED_STATUS = "failed";
    static final String BLOCKED_STATUS = "blocked";
    /** Every status replay shows: the three recorded ones, and {@code unfinished}. */
    static final List<String> STATUSES = List.of("completed", FAILED_STATUS, BLOCKED_STATUS, UNFINISHED_STATUS);

    record Error(String type, String message) {}

    static Outcome fromEnded(RecordedEvent ended) {
        String status = ended.attribute("status");
        Error error = null;
        if (ended.attributes().get("error") instanceof JsonObject recorded) {
            error = new Error(recorded.text("type"), recorded.text("message"));
        }
        return new Outcome(status == null ? "ended" : status, ended.attributes().number("durationMs"),
                ended.attribute("outputSummary"), error);
    }

    /**
     * Failed as recorded, or ended with an error whatever status it gave, except blocked: a blocked
     * call carries the policy's exception as its error, and a block is a decision, not a failure.
     */
    boolean failed() {
        return FAILED_STATUS.equals(status) || (error != null && !BLOCKED_STATUS.equals(status));
    }

    boolean unfinished() {
        return UNFINISHED_STATUS.equals(status);
    }
}
