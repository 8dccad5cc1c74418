package sh.ratri.agent.replay;

import java.util.List;
import sh.ratri.agent.json.JsonObject;

/**
 * {@code replay --diff BASELINE --json}, and the diff part of the {@code --html} page's data (fields
 * marked ? are null when they do not apply):
 *
 * <pre>
 * {"summary": "diff: …", "totals": "tokens … · cost … · duration …", "threshold": percent,
 *  "baseline": {"sessions", "tokens"?, "costUsd"?, "durationMs"}, "current": {same},
 *  "pairs": [{"current": session, "baseline": session, "changes": [change…]}]   (changed pairs only),
 *  "matched": n,
 *  "onlyInCurrent": [session…], "onlyInBaseline": [session…]}
 * session: {"id", "title", "kind"?, "agent"?, "uniqueId"?, "status"}
 * change:  {"kind": added|missing|more|fewer|risk-up|risk-down|now-fails|status|tokens|cost|duration,
 *           "item": run|step|handoff|tool|session, "subject", "before"?, "after"?, "gate"?, "symbol", "text"}
 * </pre>
 */
final class DiffJson {

    private DiffJson() {}

    static JsonObject of(BehaviourDiff.Result diff) {
        JsonObject json = new JsonObject();
        json.put("summary", DiffText.summary(diff));
        json.put("totals", DiffText.totals(diff));
        json.put("threshold", diff.thresholds().percent());
        json.put("baseline", totals(diff.baseline()));
        json.put("current", totals(diff.current()));
        json.put("matched", diff.pairs().size());
        json.put("pairs", diff.changed().stream().map(pair -> new JsonObject()
                .with("current", session(pair.current()))
                .with("baseline", session(pair.baseline()))
                .with("changes", pair.changes().stream().map(DiffJson::change).toList())).toList());
        json.put("onlyInCurrent", sessions(diff.onlyInCurrent()));
        json.put("onlyInBaseline", sessions(diff.onlyInBaseline()));
        return json;
    }

    private static List<JsonObject> sessions(List<SessionProfile> sessions) {
        return sessions.stream().map(DiffJson::session).toList();
    }

    private static JsonObject session(SessionProfile session) {
        return new JsonObject().with("id", session.sessionId()).with("title", session.title())
                .with("kind", session.kind()).with("agent", session.agentKey()).with("uniqueId", session.uniqueId())
                .with("status", session.status());
    }

    private static JsonObject change(BehaviourDiff.Change change) {
        return new JsonObject().with("kind", change.kind().label())
                .with("item", change.item().label()).with("subject", change.subject())
                .with("before", change.before()).with("after", change.after()).with("gate", change.gate())
                .with("symbol", DiffText.symbol(change)).with("text", DiffText.describe(change));
    }

    private static JsonObject totals(BehaviourDiff.Totals totals) {
        return new JsonObject().with("sessions", totals.sessions()).with("tokens", totals.tokens())
                .with("costUsd", totals.costUsd()).with("durationMs", totals.durationMs());
    }
}
