package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code replay [PATH…] [--session ID] [--json]} command: reads the JSON Lines files the
 * {@code jsonl} sink wrote and prints one tree per session (session → runs → steps, tools,
 * handoffs, child runs), ordered by {@code stepIndex} then start, with statuses and durations.
 *
 * <pre>
 * java -jar ratri-agent.jar replay                          # every *.jsonl in ratri-events/
 * java -jar ratri-agent.jar replay a.jsonl b/ --session 0197f3c2-…   # one session (or a unique id prefix)
 * java -jar ratri-agent.jar replay --json                   # see {@link JsonReplay} for the document shape
 * </pre>
 *
 * <p>It tolerates what real files hold — several files, out-of-order and duplicate events, a
 * truncated or unparsable line, unknown event types, missing {@code *.ended} (shown as
 * {@code unfinished}) — and ends the text output with one {@code skipped: …} line when it left
 * anything out ({@code "skipped"} in JSON).
 *
 * <p>Exit codes: 0 replayed; 1 nothing to replay (no such path, no event, no such session,
 * unreadable file); 2 bad arguments.
 */
public final class Replay {

    private Replay() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage() + " (" + ReplayOptions.USAGE + ")");
            return 2;
        }
        if (options.help()) {
            out.println(ReplayOptions.USAGE);
            return 0;
        }
        String where = options.paths().stream().map(Path::toString).collect(Collectors.joining(", "));

        EventFiles.Contents contents;
        try {
            contents = EventFiles.read(EventFiles.expand(options.paths()));
        } catch (NoSuchFileException e) {
            boolean defaultPath = options.paths().equals(List.of(ReplayOptions.DEFAULT_PATH));
            err.println("replay: no such file or directory: " + e.getFile() + (defaultPath
                    ? " (run the application with -javaagent:ratri-agent.jar first, or name a file or directory)"
                    : ""));
            return 1;
        } catch (IOException e) {
            err.println("replay: cannot read " + where + ": " + e);
            return 1;
        }
        EventLog log = EventLog.of(contents.events());
        SkipReport skipped = SkipReport.of(contents, log);
        if (log.isEmpty()) {
            err.println("replay: no events in " + where + (skipped.isEmpty() ? "" : " (" + skipped.describe() + ")"));
            return 1;
        }

        List<SessionNode> sessions = SessionTree.build(log.events());
        if (options.sessionId() != null) {
            List<SessionNode> matching = select(sessions, options.sessionId());
            if (matching.size() != 1) {
                err.println("replay: " + (matching.isEmpty() ? "no session " : "more than one session starts with ")
                        + options.sessionId() + " in " + where + "; sessions: " + ids(matching.isEmpty() ? sessions : matching));
                return 1;
            }
            sessions = matching;
        }

        if (options.json()) {
            JsonReplay.render(sessions, skipped, out);
        } else {
            TextReplay.render(sessions, skipped, out);
        }
        return 0;
    }

    /** An exact id wins; otherwise a prefix, so the id need not be pasted whole. */
    private static List<SessionNode> select(List<SessionNode> sessions, String id) {
        List<SessionNode> exact = sessions.stream().filter(s -> s.sessionId().equals(id)).toList();
        return exact.isEmpty() ? sessions.stream().filter(s -> s.sessionId().startsWith(id)).toList() : exact;
    }

    private static String ids(List<SessionNode> sessions) {
        int shown = 10;
        String ids = sessions.stream().limit(shown).map(SessionNode::sessionId).collect(Collectors.joining(", "));
        return sessions.size() > shown ? ids + ", … " + (sessions.size() - shown) + " more" : ids;
    }
}
