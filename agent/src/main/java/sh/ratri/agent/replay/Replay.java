package sh.ratri.agent.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonWriter;

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
 * java -jar ratri-agent.jar replay --diff baseline/ --fail-on new-tool,risk-up,missing-step   # see {@link BehaviourDiff}
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
 * unreadable file, no usable baseline) or a file could not be written; 2 bad arguments; 3
 * {@code --fail-on} found a session holding one of the named statuses, or with {@code --diff} one of
 * the named changes (all outputs are still written).
 */
public final class Replay {

    static final int EXIT_FAIL_ON = 3;
    /** Threads that read sessions for {@code --list}: past a few, the index pass and the disk set the pace. */
    private static final int MAX_THREADS = 4;
    /** Sessions read ahead of the one being taken, per thread: enough to keep the threads busy, few enough to hold. */
    private static final int WINDOW_PER_THREAD = 64;

    private Replay() {}

    /** What {@code --list} and the gate keep of a session read once: a line, not its events. */
    private record Digest(SessionIndex.Entry entry, SessionSummary summary, Optional<String> failure) {}

    /** A session (or the index) did not fit in the heap; {@link #getMessage()} says what to do. */
    private static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        // a replay prints up to a line per event: one write per line would cost more than reading it
        PrintStream buffered = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
        try {
            return parseAndReplay(args, buffered, err);
        } finally {
            buffered.flush();
        }
    }

    private static int parseAndReplay(List<String> args, PrintStream out, PrintStream err) {
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

        SkipReport skipped = new SkipReport();
        SessionIndex index;
        try {
            index = SessionIndex.build(EventFiles.expand(options.paths()), maxLineBytes(), skipped);
        } catch (NoSuchFileException e) {
            boolean defaultPath = options.paths().equals(List.of(ReplayOptions.DEFAULT_PATH));
            err.println("replay: no such file or directory: " + e.getFile() + (defaultPath
                    ? " (run the application with -javaagent:ratri-agent.jar first, or name a file or directory)"
                    : ""));
            return 1;
        } catch (IOException e) {
            err.println("replay: cannot read " + where + ": " + e);
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("replay: the index of " + where + " does not fit in the heap (" + heapMb() + " MB; about 16 bytes "
                    + "an event): run it with a larger heap, e.g. java -Xmx" + suggestedHeap(0) + " -jar ratri-agent.jar replay …");
            return 1;
        }
        if (index.isEmpty()) {
            err.println("replay: no events in " + where + (skipped.isEmpty() ? "" : " (" + skipped.describe() + ")"));
            return 1;
        }
        BaselineEvents baseline = null;
        try (SessionLoader loader = new SessionLoader(index)) {
            if (options.baseline() != null) {
                baseline = openBaseline(options.baseline(), err);
                if (baseline == null) {
                    return 1;
                }
            }
            return replay(options, where, index, loader, baseline, skipped, out, err);
        } catch (TooLarge e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("replay: cannot read " + where + ": " + e);
            return 1;
        } finally {
            if (baseline != null) {
                try {
                    baseline.close();
                } catch (IOException ignored) {
                    // the replay's own outcome is what is reported
                }
            }
        }
    }

    /** The {@code --diff} baseline indexed, or null after saying on {@code err} why it cannot be used. */
    private static BaselineEvents openBaseline(Path path, PrintStream err) {
        try {
            BaselineEvents baseline = BaselineEvents.open(path, maxLineBytes());
            if (baseline.isEmpty()) {
                baseline.close();
                err.println("replay: --diff: no events in the baseline " + path
                        + (baseline.skipped().isEmpty() ? "" : " (" + baseline.skipped().describe() + ")"));
                return null;
            }
            return baseline;
        } catch (NoSuchFileException e) {
            err.println("replay: --diff: no such baseline file or directory: " + e.getFile());
        } catch (IOException e) {
            err.println("replay: --diff: cannot read the baseline " + path + ": " + e);
        } catch (OutOfMemoryError e) {
            err.println("replay: --diff: the index of the baseline " + path + " does not fit in the heap ("
                    + heapMb() + " MB): run it with a larger heap, e.g. java -Xmx" + suggestedHeap(0) + " -jar ratri-agent.jar replay …");
        }
        return null;
    }

    private static int replay(ReplayOptions options, String where, SessionIndex index, SessionLoader loader,
                              BaselineEvents baseline, SkipReport skipped, PrintStream out, PrintStream err)
            throws IOException, TooLarge {
        List<SessionIndex.Entry> all = index.inReplayOrder();
        SessionFilter filter = SessionFilter.of(options);
        List<SessionIndex.Entry> candidates = all.stream().filter(entry -> filter.mayMatch(entry.sessionId())).toList();
        List<Digest> digests = null;
        if (filter.needsSessions() || options.list()) {
            digests = filter.narrow(digest(candidates, loader, filter, options.failOn(), skipped),
                    digest -> digest.entry().sessionId());
            candidates = digests.stream().map(Digest::entry).toList();
        } else {
            candidates = filter.narrow(candidates, SessionIndex.Entry::sessionId);
        }
        if (candidates.isEmpty()) {
            boolean byIdOnly = options.agent() == null && options.status() == null;
            err.println("replay: no session " + (byIdOnly ? options.sessionId() : "matches " + filter.describe())
                    + " in " + where + "; sessions: " + ids(all));
            return 1;
        }
        if (options.sessionId() != null && candidates.size() > 1 && !options.list()) {
            err.println("replay: more than one session starts with " + options.sessionId() + " in " + where
                    + "; sessions: " + ids(candidates));
            return 1;
        }

        Optional<String> failure = Optional.empty();
        if (digests != null) {
            failure = digests.stream().map(Digest::failure).flatMap(Optional::stream).findFirst();
        }
        if (options.list()) {
            SessionList.render(digests.stream().map(Digest::summary).toList(), out);
        }
        BehaviourDiff.Result diff = null;
        if (baseline != null) {
            // a session id names a session of this run only: the baseline is filtered by agent and status
            SessionFilter baselineFilter = new SessionFilter(null, filter.agent(), filter.status());
            diff = BehaviourDiff.compare(baseline.profiles(baselineFilter), profiles(candidates, loader, filter, skipped),
                    options.thresholds());
            if (!baseline.skipped().isEmpty()) {
                err.println("replay: --diff: baseline " + baseline.path() + " " + baseline.skipped().describe());
            }
        }
        boolean stdoutTaken = options.json() || options.list() || options.markdownToStandardOutput();
        PrintStream notices = stdoutTaken ? err : out;
        Outputs outputs = new Outputs();
        try {
            if (options.html() != null) {
                JsonObject diffModel = diff == null ? null : HtmlDiffModel.of(diff, baseline);
                outputs.file(options.html(), writer -> new HtmlReplay(writer).withDiff(diffModel));
            }
            BehaviourDiff.Result changes = diff;
            if (options.markdown() != null && !options.markdownToStandardOutput()) {
                outputs.file(Path.of(options.markdown()), diff == null ? MarkdownReplay::new
                        : writer -> new MarkdownDiff(writer, changes));
            }
            if (options.json()) {
                outputs.add(diff == null ? new JsonReplay(out) : (AtFinish) whatWasSkipped -> {
                    JsonObject json = DiffJson.of(changes);
                    if (!whatWasSkipped.isEmpty()) {
                        json.put("skipped", whatWasSkipped.describe());
                    }
                    out.println(JsonWriter.pretty(json));
                });
            } else if (options.markdownToStandardOutput()) {
                outputs.add(diff == null ? new MarkdownReplay(out) : new MarkdownDiff(out, diff));
            } else if (!options.list() && !options.writesFiles()) {
                outputs.add(diff == null ? new TextReplay(out) : (AtFinish) whatWasSkipped -> {
                    DiffText.render(changes, out);
                    if (!whatWasSkipped.isEmpty()) {
                        out.println(whatWasSkipped.describe());
                    }
                });
            }
            if (!outputs.isEmpty()) {
                int shown = 0;
                for (SessionIndex.Entry entry : candidates) {
                    SessionLoader.Loaded session = load(loader, entry);
                    if (entry.firstLoad()) {
                        skipped.add(session.problems());
                    }
                    if (!session.isEmpty()) {
                        outputs.session(session, entry);
                        shown++;
                        if (digests == null && failure.isEmpty()) {
                            failure = FailGate.check(session.node(), options.failOn());
                        }
                    }
                }
                outputs.finish(skipped);
                for (Path file : outputs.files()) {
                    notices.println("replay: wrote " + file + " (" + SessionList.count(shown, "session") + ")");
                }
            }
        } catch (FileNotWritten e) {
            outputs.abandon();
            err.println("replay: cannot write " + e.getMessage());
            return 1;
        } catch (TooLarge | RuntimeException | IOException e) {
            outputs.abandon();
            throw e;
        }
        if (failure.isEmpty() && diff != null) {
            failure = DiffGate.check(diff, options.failOn());
        }
        out.flush(); // what follows on standard error comes after it
        if (options.list() && !skipped.isEmpty()) {
            err.println(skipped.describe());
        }
        if (failure.isPresent()) {
            err.println(failure.get());
            return EXIT_FAIL_ON;
        }
        return 0;
    }

    /**
     * Reads every candidate once, on as many threads as there are cores (sessions are independent),
     * and keeps of each only its line for {@code --list} and its gate result; results are taken in
     * replay order, a bounded window of sessions ahead.
     */
    private static List<Digest> digest(List<SessionIndex.Entry> candidates, SessionLoader loader, SessionFilter filter,
                                       Set<String> failOn, SkipReport skipped) throws IOException, TooLarge {
        int threads = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "ratri-replay");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Digest> digests = new ArrayList<>();
            Deque<Future<Digested>> ahead = new ArrayDeque<>();
            int next = 0;
            while (next < candidates.size() || !ahead.isEmpty()) {
                while (next < candidates.size() && ahead.size() < threads * WINDOW_PER_THREAD) {
                    SessionIndex.Entry entry = candidates.get(next++);
                    ahead.add(pool.submit(() -> {
                        try {
                            SessionLoader.Loaded session = loader.load(entry);
                            Digest digest = session.isEmpty() || !filter.matches(session.node()) ? null
                                    : new Digest(entry, SessionSummary.of(session.node(), session.events().size()),
                                            FailGate.check(session.node(), failOn));
                            return new Digested(entry, session.problems(), digest, false);
                        } catch (OutOfMemoryError e) {
                            return new Digested(entry, null, null, true);
                        }
                    }));
                }
                Digested done = await(ahead.poll());
                if (done.tooLarge()) {
                    throw tooLarge(done.entry());
                }
                if (done.entry().firstLoad()) {
                    skipped.add(done.problems());
                }
                if (done.digest() != null) {
                    digests.add(done.digest());
                }
            }
            return digests;
        } finally {
            pool.shutdownNow();
        }
    }

    /** This run's side of {@code --diff}: each candidate read once more and kept as its profile. */
    private static List<SessionProfile> profiles(List<SessionIndex.Entry> candidates, SessionLoader loader,
                                                 SessionFilter filter, SkipReport skipped) throws IOException, TooLarge {
        List<SessionProfile> profiles = new ArrayList<>();
        for (SessionIndex.Entry entry : candidates) {
            SessionLoader.Loaded session = load(loader, entry);
            if (entry.firstLoad()) {
                skipped.add(session.problems());
            }
            if (!session.isEmpty() && filter.matches(session.node())) {
                profiles.add(SessionProfile.of(session.node()));
            }
        }
        return profiles;
    }

    /** A view that has nothing to say per session, only once they are all read (the diff's text and JSON). */
    private interface AtFinish extends SessionOutput {
        @Override
        default void session(SessionNode session, SessionEvents events) {
        }
    }

    private record Digested(SessionIndex.Entry entry, SkipReport problems, Digest digest, boolean tooLarge) {}

    private static Digested await(Future<Digested> future) throws IOException, TooLarge {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            } else if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause()); // an Error other than running out of memory
        }
    }

    private static SessionLoader.Loaded load(SessionLoader loader, SessionIndex.Entry entry) throws IOException, TooLarge {
        try {
            return loader.load(entry);
        } catch (OutOfMemoryError e) {
            throw tooLarge(entry);
        }
    }

    private static TooLarge tooLarge(SessionIndex.Entry entry) {
        return new TooLarge(String.format(Locale.ROOT, "replay: session %s (%,d events, %,d MB of JSON) does not fit "
                + "in the heap (%,d MB): run replay with a larger heap, e.g. java -Xmx%s -jar ratri-agent.jar replay …, "
                + "or leave it out (--session, --agent, --status)", entry.sessionId(), entry.events(),
                Math.max(1, entry.bytes() >> 20), heapMb(), suggestedHeap(entry.bytes())));
    }

    /** Lines the index buffers whole: a quarter of the heap, so that one line cannot take it all. */
    private static int maxLineBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 64, Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    private static long heapMb() {
        return Runtime.getRuntime().maxMemory() >> 20;
    }

    /** Twice the heap, or about what a session of {@code bytes} takes once read whole (some 12 times its JSON). */
    private static String suggestedHeap(long bytes) {
        long wanted = Math.max(2 * Runtime.getRuntime().maxMemory(), 12 * bytes);
        return ((wanted + (1L << 30) - 1) >> 30) + "g";
    }

    /** A file output could not be opened or written; the message names the file. */
    private static final class FileNotWritten extends IOException {
        private static final long serialVersionUID = 1L;

        FileNotWritten(Path file, IOException cause) {
            super(file + ": " + cause.getMessage(), cause);
        }
    }

    /** The views being written, fed one session at a time; files are removed again when a replay is abandoned. */
    private static final class Outputs {

        interface FileOutput {
            SessionOutput open(Writer writer) throws IOException;
        }

        private final List<SessionOutput> outputs = new ArrayList<>();
        private final List<Path> files = new ArrayList<>();
        private final List<Writer> writers = new ArrayList<>();

        void file(Path file, FileOutput output) throws FileNotWritten {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                files.add(file);
                writers.add(writer);
                outputs.add(new FileBound(file, output.open(writer)));
            } catch (IOException | InvalidPathException e) {
                throw new FileNotWritten(file, e instanceof IOException io ? io : new IOException(e.getMessage()));
            }
        }

        void add(SessionOutput output) {
            outputs.add(output);
        }

        boolean isEmpty() {
            return outputs.isEmpty();
        }

        List<Path> files() {
            return files;
        }

        void session(SessionLoader.Loaded session, SessionIndex.Entry entry) throws IOException, TooLarge {
            try {
                for (SessionOutput output : outputs) {
                    output.session(session.node(), session.events());
                }
            } catch (OutOfMemoryError e) {
                throw tooLarge(entry);
            }
        }

        void finish(SkipReport skipped) throws IOException {
            for (SessionOutput output : outputs) {
                output.finish(skipped);
            }
            for (int i = 0; i < writers.size(); i++) {
                try {
                    writers.get(i).close();
                } catch (IOException e) {
                    throw new FileNotWritten(files.get(i), e);
                }
            }
        }

        /** A half-written page would look whole: leave no file behind. */
        void abandon() {
            for (int i = 0; i < writers.size(); i++) {
                try {
                    writers.get(i).close();
                    Files.deleteIfExists(files.get(i));
                } catch (IOException ignored) {
                    // the error being reported matters more than this file
                }
            }
        }
    }

    /** Names the file in a write error. */
    private record FileBound(Path file, SessionOutput output) implements SessionOutput {
        @Override
        public void session(SessionNode session, SessionEvents events) throws IOException {
            try {
                output.session(session, events);
            } catch (IOException e) {
                throw new FileNotWritten(file, e);
            }
        }

        @Override
        public void finish(SkipReport skipped) throws IOException {
            try {
                output.finish(skipped);
            } catch (IOException e) {
                throw new FileNotWritten(file, e);
            }
        }
    }

    private static String ids(List<SessionIndex.Entry> sessions) {
        int shown = 10;
        String ids = sessions.stream().limit(shown).map(SessionIndex.Entry::sessionId).collect(Collectors.joining(", "));
        return sessions.size() > shown ? ids + ", … " + (sessions.size() - shown) + " more" : ids;
    }
}
