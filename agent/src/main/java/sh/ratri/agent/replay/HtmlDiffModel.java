package sh.ratri.agent.replay;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import sh.ratri.agent.json.JsonObject;

/**
 * The {@code "diff"} of the HTML page's data: {@link DiffJson}'s document plus
 * {@code "baselineSessions": {id: session…}}, the {@link HtmlModel} of each baseline session the
 * page can show (those of changed pairs, for the side-by-side view, and those only in the
 * baseline). Unchanged pairs' baselines stay out: they would double the page for nothing to see.
 */
final class HtmlDiffModel {

    private HtmlDiffModel() {}

    static JsonObject of(BehaviourDiff.Result diff, BaselineEvents baseline) throws IOException {
        JsonObject json = DiffJson.of(diff);
        Set<String> shown = new LinkedHashSet<>();
        diff.changed().forEach(pair -> shown.add(pair.baseline().sessionId()));
        diff.onlyInBaseline().forEach(session -> shown.add(session.sessionId()));
        JsonObject sessions = new JsonObject();
        for (String id : shown) {
            sessions.put(id, baseline.htmlModel(id));
        }
        json.put("baselineSessions", sessions);
        return json;
    }
}
