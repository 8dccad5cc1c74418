package sh.ratri.junit;

/**
 * A recorded item made of a start event and, once it ended, an end event: a session, a run or a
 * tool call. What they share is read from the end: status, output and error.
 */
abstract class StartedAndEnded {

    final RecordedEvent started;
    /** Null while the item has not ended. */
    final RecordedEvent ended;

    StartedAndEnded(RecordedEvent started, RecordedEvent ended) {
        this.started = started;
        this.ended = ended;
    }

    /** {@code completed}, {@code failed}, {@code blocked}, or {@code unfinished} while it runs. */
    public String status() {
        return ended == null ? "unfinished" : ended.attributeText("status");
    }

    public String outputSummary() {
        return ended == null ? null : ended.attributeText("outputSummary");
    }

    /** The error's {@code type: message}, or null. */
    public String error() {
        return ended == null || ended.attribute("error") == null ? null
                : ended.attributeText("error.type") + ": " + ended.attributeText("error.message");
    }
}
