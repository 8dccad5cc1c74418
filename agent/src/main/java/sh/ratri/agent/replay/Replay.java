package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code replay} command: reads the JSON Lines files the {@code jsonl} sink wrote and shows
 * the sessions in them, by default as one text tree per session (session → runs → steps, tools,
 * handoffs, child runs), ordered by {@code stepIndex} then start, with statuses and durations.
 *
 * <pre>
 * java -jar ratri-agent.jar replay                          # every *.jsonl in ratri-events/
 * java -jar ratri-agent.jar replay a.jsonl b/ --session 0197f3c2-…   # one session (or a unique id prefix)
 * java -jar ratri-agent.jar replay --json                   # see {@link JsonReplay} for the document shape
 * java -jar ratri-agent.jar replay --list --agent ops --status failed   # one line per session, newest first
 * java -jar ratri-agent.jar replay --html replay.html       # a self-contained timeline page ({@link HtmlReplay})
 * java -jar ratri-agent.jar replay --markdown "$GITHUB_STEP_SUMMARY" --fail-on failed,blocked   # in CI
 * </pre>
 *
 * <p>It tolerates what real files hold — several files, out-of-order and duplicate events, a
 * truncated or unparsable line, unknown event types, missing {@code *.ended} (shown as
 * {@code unfinished}) — and ends the text output with one {@code skipped: …} line when it left
 * anything out ({@code "skipped"} in JSON and HTML; on standard error with {@code --list}).
 *
 * <p>{@code --html} and {@code --markdown} write files; then the text tree is not printed and
 * standard output names the files written (standard error when {@code --json}, {@code --list} or
 * {@code --markdown -} fill standard output).
 *
 * <p>Exit codes: 0 replayed; 1 nothing to replay (no such path, no event, no matching session,
 * unreadable file) or a file could not be written; 2 bad arguments; 3 {@code --fail-on} found a
 * session holding one of the named statuses (all outputs are still written).
 */
public final class Replay {

    static final int EXIT_FAIL_ON = 3;

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

        List<SessionNode> all = SessionTree.build(log.events());
        SessionFilter filter = SessionFilter.of(options);
        List<SessionNode> sessions = filter.apply(all);
        if (sessions.isEmpty()) {
            boolean byIdOnly = options.agent() == null && options.status() == null;
            err.println("replay: no session " + (byIdOnly ? options.sessionId() : "matches " + filter.describe())
                    + " in " + where + "; sessions: " + ids(all));
            return 1;
        }
        if (options.sessionId() != null && sessions.size() > 1 && !options.list()) {
            err.println("replay: more than one session starts with " + options.sessionId() + " in " + where
                    + "; sessions: " + ids(sessions));
            return 1;
        }

        Map<String, SessionEvents> events = SessionEvents.bySession(log.events());
        boolean stdoutTaken = options.json() || options.list() || options.markdownToStandardOutput();
        PrintStream notices = stdoutTaken ? err : out;
        try {
            if (options.html() != null) {
                write(options.html(), HtmlReplay.render(sessions, events, skipped));
                notices.println("replay: wrote " + options.html() + " (" + SessionList.count(sessions.size(), "session") + ")");
            }
            if (options.markdown() != null && !options.markdownToStandardOutput()) {
                write(Path.of(options.markdown()), MarkdownReplay.render(sessions, events, skipped));
                notices.println("replay: wrote " + options.markdown() + " (" + SessionList.count(sessions.size(), "session") + ")");
            }
        } catch (IOException | InvalidPathException e) {
            err.println("replay: cannot write " + e.getMessage());
            return 1;
        }

        if (options.json()) {
            JsonReplay.render(sessions, skipped, out);
        } else if (options.list()) {
            SessionList.render(sessions.stream()
                    .map(s -> SessionSummary.of(s, events.getOrDefault(s.sessionId(), SessionEvents.empty()).size()))
                    .toList(), out);
            if (!skipped.isEmpty()) {
                err.println(skipped.describe());
            }
        } else if (options.markdownToStandardOutput()) {
            out.print(MarkdownReplay.render(sessions, events, skipped));
        } else if (!options.writesFiles()) {
            TextReplay.render(sessions, skipped, out);
        }

        Optional<String> failure = FailGate.check(sessions, options.failOn());
        if (failure.isPresent()) {
            err.println(failure.get());
            return EXIT_FAIL_ON;
        }
        return 0;
    }

    private static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String ids(List<SessionNode> sessions) {
        int shown = 10;
        String ids = sessions.stream().limit(shown).map(SessionNode::sessionId).collect(Collectors.joining(", "));
        return sessions.size() > shown ? ids + ", … " + (sessions.size() - shown) + " more" : ids;
    }
}
