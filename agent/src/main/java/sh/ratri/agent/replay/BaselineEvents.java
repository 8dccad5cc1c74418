package sh.ratri.agent.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.json.JsonObject;

/**
 * The baseline of {@code replay --diff}: a file or directory of events (say, the last main build's
 * artifact), indexed and read like the run being replayed, with the same session filters. It keeps
 * only each session's {@link SessionProfile}, and reads a session whole again only for the HTML
 * page's side-by-side view.
 */
final class BaselineEvents implements Closeable {

    private final Path path;
    private final SessionIndex index;
    private final SessionLoader loader;
    private final SkipReport skipped = new SkipReport();
    private final Map<String, SessionIndex.Entry> entries = new HashMap<>();

    private BaselineEvents(Path path, SessionIndex index) {
        this.path = path;
        this.index = index;
        this.loader = new SessionLoader(index);
    }

    /** @throws java.nio.file.NoSuchFileException when the baseline is not there */
    static BaselineEvents open(Path path, int maxLineBytes) throws IOException {
        SkipReport skipped = new SkipReport();
        BaselineEvents baseline = new BaselineEvents(path, SessionIndex.build(EventFiles.expand(List.of(path)),
                maxLineBytes, skipped));
        baseline.skipped.add(skipped);
        return baseline;
    }

    Path path() {
        return path;
    }

    boolean isEmpty() {
        return index.isEmpty();
    }

    /** What the baseline's files held that could not be used, or empty. */
    SkipReport skipped() {
        return skipped;
    }

    List<SessionProfile> profiles(SessionFilter filter) throws IOException {
        List<SessionProfile> profiles = new ArrayList<>();
        for (SessionIndex.Entry entry : index.inReplayOrder()) {
            if (!filter.mayMatch(entry.sessionId())) {
                continue;
            }
            SessionLoader.Loaded session = loader.load(entry);
            if (entry.firstLoad()) {
                skipped.add(session.problems());
            }
            if (!session.isEmpty() && filter.matches(session.node())) {
                entries.put(entry.sessionId(), entry);
                profiles.add(SessionProfile.of(session.node()));
            }
        }
        return profiles;
    }

    /** The HTML page's data of a baseline session that {@link #profiles} returned. */
    JsonObject htmlModel(String sessionId) throws IOException {
        SessionLoader.Loaded session = loader.load(entries.get(sessionId));
        return HtmlModel.of(session.node(), session.events());
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
