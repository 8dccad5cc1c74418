package sh.ratri.agent.policy;

import sh.ratri.agent.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The capabilities declared for every agent key: per key (or {@code *}), per run {@code stepKey}
 * (or {@code *}), what the run may do.
 *
 * <pre>{@code
 * {"agents": {"release-bot": {"runs": {
 *    "deployer": {"tools": ["deploy.*"], "actions": ["deploy"], "resources": ["environment:prod*"],
 *                 "maxRisk": "critical", "requireApproval": ["critical"]},
 *    "*":        {"tools": ["git.*", "build.*"], "maxRisk": "medium"}}}}}
 * }</pre>
 */
final class Capabilities {

    static final String ANY = "*";

    private final Map<String, Map<String, RunCapabilities>> agents;

    private Capabilities(Map<String, Map<String, RunCapabilities>> agents) {
        this.agents = agents;
    }

    /** The runs declared for {@code agentKey}, exact key before {@code *}; null when neither is declared. */
    Map<String, RunCapabilities> runsOf(String agentKey) {
        Map<String, RunCapabilities> runs = agents.get(agentKey);
        return runs != null ? runs : agents.get(ANY);
    }

    static Capabilities read(PolicyText file, JsonObject root) throws PolicyFileException {
        JsonObject agentsJson = file.object(root, "agents", "agents");
        Map<String, Map<String, RunCapabilities>> agents = new HashMap<>();
        for (Map.Entry<String, Object> agent : agentsJson.entrySet()) {
            String agentPath = "agents." + agent.getKey();
            if (!(agent.getValue() instanceof JsonObject agentJson)) {
                throw file.field(agentPath, "must be an object with \"runs\"");
            }
            JsonObject runsJson = file.object(agentJson, "runs", agentPath + ".runs");
            Map<String, RunCapabilities> runs = new HashMap<>();
            for (Map.Entry<String, Object> run : runsJson.entrySet()) {
                String runPath = agentPath + ".runs." + run.getKey();
                if (!(run.getValue() instanceof JsonObject runJson)) {
                    throw file.field(runPath, "must be an object");
                }
                runs.put(run.getKey(), run(file, runJson, runPath));
            }
            agents.put(agent.getKey(), Map.copyOf(runs));
        }
        return new Capabilities(Map.copyOf(agents));
    }

    private static RunCapabilities run(PolicyText file, JsonObject json, String path) throws PolicyFileException {
        for (String key : json.keySet()) {
            if (!List.of("tools", "actions", "resources", "maxRisk", "requireApproval").contains(key)) {
                throw file.field(path + "." + key, "unknown (known: tools, actions, resources, maxRisk, "
                        + "requireApproval)");
            }
        }
        List<String> tools = file.strings(json, "tools", path + ".tools");
        List<String> actions = file.strings(json, "actions", path + ".actions");
        List<String> resources = file.strings(json, "resources", path + ".resources");
        String maxRiskText = file.string(json, "maxRisk", path + ".maxRisk");
        int maxRisk = maxRiskText == null ? Risk.CRITICAL : Risk.rank(maxRiskText);
        if (maxRisk < 0) {
            throw file.field(path + ".maxRisk", "'" + maxRiskText + "' is no risk level (" + String.join(", ", Risk.LEVELS)
                    + ")");
        }
        List<String> approval = file.strings(json, "requireApproval", path + ".requireApproval");
        boolean[] approvalRisks = new boolean[Risk.LEVELS.size()];
        List<Glob> approvalTools = new ArrayList<>();
        for (String entry : approval == null ? List.<String>of() : approval) {
            int risk = Risk.rank(entry);
            if (risk >= 0) {
                approvalRisks[risk] = true;
            } else {
                approvalTools.add(new Glob(entry));
            }
        }
        return new RunCapabilities(path, tools == null ? null : tools.stream().map(Glob::new).toList(), actions,
                resources == null ? null : resources.stream().map(ResourcePattern::new).toList(), maxRisk,
                approvalRisks, List.copyOf(approvalTools));
    }
}
