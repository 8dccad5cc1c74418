package sh.ratri.agent.replay;

/**
 * How a session, run, step or tool ended: {@code completed}, {@code failed}, {@code blocked} as
 * recorded, or {@code unfinished} when no {@code *.ended} event was found.
 */
record Outcome(String status, Double durationMs, String outputSummary, Error error) {

    static final String UNFINISHED_STATUS = "unfinished";
    static final Outcome UNFINISHED = new Outcome(UNFINISHED_STATUS, null, null, null);

    record Error(String type, String message) {}

    static Outcome fromEnded(RecordedEvent ended) {
        var attributes = ended.attributes();
        String status = ended.attribute("status");
        Double durationMs = attributes.path("durationMs").isNumber()
                ? attributes.path("durationMs").doubleValue()
                : null;
        Error error = null;
        if (attributes.path("error").isObject()) {
            error = new Error(
                    RecordedEvent.text(attributes.path("error"), "type"),
                    RecordedEvent.text(attributes.path("error"), "message"));
        }
        return new Outcome(status == null ? "ended" : status, durationMs, ended.attribute("outputSummary"), error);
    }

    boolean unfinished() {
        return UNFINISHED_STATUS.equals(status);
    }
}
