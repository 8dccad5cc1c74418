package sh.ratri.agent.replay;

import java.io.IOException;

/**
 * A replay view written one session at a time, so that no view holds more than the session it is
 * given: the text tree, {@code --json}, {@code --markdown} and {@code --html}.
 */
interface SessionOutput {

    void session(SessionNode session, SessionEvents events) throws IOException;

    /** After the last session: what was skipped is known only once every session was read. */
    void finish(SkipReport skipped) throws IOException;
}
