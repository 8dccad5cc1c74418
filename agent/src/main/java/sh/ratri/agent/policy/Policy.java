package sh.ratri.agent.policy;

import sh.ratri.agent.config.AgentConfig;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Decides, at the entry of each tool call and before its body, whether the call is declared in
 * the capabilities of this JVM's agent (DESIGN §6). {@code monitor} flags what is not and lets it
 * run; {@code enforce} blocks it. With no capabilities configured nor declared it decides nothing,
 * so the event stream stays as it was.
 *
 * <p>Runs on application threads: a constant call site's decision is cached per run
 * {@code stepKey} (see {@link DecisionCache}), so an {@code allow} costs a few compares.
 */
public final class Policy {

    /** Decides nothing until capabilities are declared in code. */
    public static Policy none() {
        return new Policy(false, "", null, Approvals.NONE, System::currentTimeMillis, message -> { });
    }

    private final boolean enforce;
    private final String agentKey;
    /** The {@code capabilities} setting; when set it wins over capabilities declared in code. */
    private final String file;
    private final Approvals approvals;
    private final LongSupplier clockMillis;
    private final Consumer<String> errors;
    /** Null until capabilities are read or declared. */
    private volatile Rules rules;

    private Policy(boolean enforce, String agentKey, String file, Approvals approvals, LongSupplier clockMillis,
                   Consumer<String> errors) {
        this.enforce = enforce;
        this.agentKey = agentKey;
        this.file = file;
        this.approvals = approvals;
        this.clockMillis = clockMillis;
        this.errors = errors;
    }

    /** Reads the {@code capabilities} and {@code approvals} settings; what is wrong goes to {@code errors}, one line each. */
    public static Policy load(AgentConfig config, Consumer<String> errors) {
        return load(config.mode() == AgentConfig.Mode.ENFORCE, config.agentKey(), config.capabilities(),
                config.approvals(), System::currentTimeMillis, errors);
    }

    static Policy load(boolean enforce, String agentKey, String capabilities, String approvalsSetting,
                       LongSupplier clockMillis, Consumer<String> errors) {
        Approvals approvals = Approvals.NONE;
        try {
            approvals = Approvals.from(approvalsSetting);
        } catch (PolicyFileException e) {
            errors.accept("ratri: approvals " + e.getMessage() + "; no approvals are in force");
        }
        String file = capabilities == null || capabilities.isBlank() ? null : capabilities.trim();
        Policy policy = new Policy(enforce, agentKey, file, approvals, clockMillis, errors);
        if (file != null) {
            PolicyText text = new PolicyText(file);
            try {
                policy.rules = Rules.declared(text.source(), Capabilities.read(text, text.readObject()), agentKey);
            } catch (PolicyFileException e) {
                policy.unavailable(file, e);
            }
        }
        return policy;
    }

    /** Capabilities declared in code ({@code Ratri.declareCapabilities}); a configured file wins. */
    public boolean declare(String json) {
        if (file != null) {
            return false;
        }
        PolicyText text = new PolicyText("Ratri.declareCapabilities");
        try {
            rules = Rules.declared(text.source(), Capabilities.read(text, text.parseObject(json == null ? "" : json)),
                    agentKey);
            return true;
        } catch (PolicyFileException e) {
            unavailable(text.source(), e);
            return false;
        }
    }

    private void unavailable(String source, PolicyFileException e) {
        rules = Rules.unavailable(source);
        errors.accept("ratri: capabilities " + e.getMessage() + (enforce
                ? "; until it is fixed, tools of risk high and critical are blocked and the others allowed"
                : "; until it is fixed, tools of risk high and critical are flagged"));
    }

    /** Whether capabilities are in force: {@link #decide} returns null while they are not. */
    public boolean inForce() {
        return rules != null;
    }

    /**
     * The decision about one tool call, or null when no capabilities are in force.
     *
     * @param cache      the call site's cache, used when {@code constant}
     * @param constant   the call site's tool values are the same on every call
     * @param runStepKey the enclosing run's {@code stepKey}; null outside any run
     * @param resourceType null when the tool has no resource
     */
    public Decision decide(DecisionCache cache, boolean constant, String runStepKey, String tool, String risk,
                           String actionType, String resourceType, String resourceExternalId) {
        Rules current = rules;
        if (current == null) {
            return null;
        }
        if (constant) {
            Decision cached = cache.get(current, runStepKey);
            if (cached != null) {
                return cached;
            }
        }
        Decision decision = current.decide(this, runStepKey, tool, Risk.rank(risk), actionType, resourceType,
                resourceExternalId);
        if (constant && decision.verdict() != Verdict.APPROVED) {
            cache.put(current, runStepKey, decision); // approvals expire: an approved call is checked each time
        }
        return decision;
    }

    private Decision refuse(Rule rule, String tool, String reason) {
        return new Decision(enforce ? Verdict.BLOCK : Verdict.FLAG, rule, tool, reason, null);
    }

    /** The capabilities in force: read for this agent key, or unavailable (missing or broken). */
    private record Rules(String source, boolean available, Map<String, RunCapabilities> runs, String agentKey) {

        static Rules declared(String source, Capabilities capabilities, String agentKey) {
            return new Rules(source, true, capabilities.runsOf(agentKey), agentKey);
        }

        static Rules unavailable(String source) {
            return new Rules(source, false, null, null);
        }

        Decision decide(Policy policy, String runStepKey, String tool, int risk, String actionType,
                        String resourceType, String resourceExternalId) {
            if (!available) {
                if (risk >= Risk.HIGH) {
                    return policy.refuse(Rule.CAPABILITIES_UNAVAILABLE, tool, "capabilities " + source
                            + " unavailable: tools of risk high and critical are not allowed without them");
                }
                return new Decision(Verdict.ALLOW, Rule.CAPABILITIES_UNAVAILABLE, tool, "capabilities " + source
                        + " unavailable: tools of risk below high are allowed", null);
            }
            if (runs == null) {
                return policy.refuse(Rule.UNDECLARED_AGENT, tool, "agent '" + agentKey + "' has no entry (nor '*') in "
                        + source);
            }
            RunCapabilities run = runStepKey == null ? null : runs.get(runStepKey);
            if (run == null) {
                run = runs.get(Capabilities.ANY);
            }
            if (run == null) {
                return policy.refuse(Rule.UNDECLARED_RUN, tool, runStepKey == null
                        ? "a tool outside any run needs the run entry '*' of agent '" + agentKey + "' in " + source
                        : "run '" + runStepKey + "' has no entry (nor '*') under agent '" + agentKey + "' in " + source);
            }
            Rule broken = run.firstBroken(tool, risk, actionType, resourceType, resourceExternalId);
            if (broken != null) {
                return policy.refuse(broken, tool, brokenReason(broken, run, tool, risk, actionType, resourceType,
                        resourceExternalId));
            }
            if (run.needsApproval(tool, risk)) {
                Approval approval = policy.approvals.find(tool, resourceType, resourceExternalId,
                        policy.clockMillis.getAsLong());
                if (approval != null) {
                    return new Decision(Verdict.APPROVED, Rule.APPROVED, tool, "approved by " + approval.approver()
                            + " (" + approval.id() + ")", approval);
                }
                return policy.refuse(Rule.APPROVAL_REQUIRED, tool, "needs an approval (requireApproval of "
                        + run.where() + ") and no unexpired approval matches tool '" + tool + "'"
                        + (resourceType == null ? "" : " on " + resourceType + ":" + resourceExternalId));
            }
            return new Decision(Verdict.ALLOW, Rule.ALLOWED, tool, "declared in " + run.where(), null);
        }

        private static String brokenReason(Rule broken, RunCapabilities run, String tool, int risk,
                                           String actionType, String resourceType, String resourceExternalId) {
            return switch (broken) {
                case TOOL_NOT_DECLARED -> "tool '" + tool + "' matches none of " + run.where() + ".tools "
                        + run.tools();
                case ACTION_NOT_DECLARED -> "action '" + actionType + "' is not in " + run.where() + ".actions "
                        + run.actions();
                case RESOURCE_NOT_DECLARED -> "resource '" + resourceType + ":" + resourceExternalId
                        + "' matches none of " + run.where() + ".resources " + run.resources();
                case RISK_ABOVE_MAX -> "risk " + Risk.LEVELS.get(Math.max(risk, 0)) + " is above " + run.where()
                        + ".maxRisk " + Risk.LEVELS.get(run.maxRisk());
                default -> broken.wire();
            };
        }
    }
}
