package sh.ratri.examples.governance;

import sh.ratri.Ratri;
import sh.ratri.ToolBlockedException;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One tool call per rule of DESIGN §6, each in its own run. Every tool body records that it ran,
 * so a blocked call is seen not to have run. Prints one line per attempt: {@code label: ran} or
 * {@code label: blocked <rule>}, then the bodies that ran.
 */
public class GovernedCalls {

    private final Queue<String> ran = new ConcurrentLinkedQueue<>();
    private final List<String> outcomes = new ArrayList<>();

    @Session(kind = "governance")
    public List<String> all() throws InterruptedException {
        attempt("build.compile", this::builderCompiles);
        attempt("build.publish", this::builderPublishes);
        attempt("build.clean", this::builderCleans);
        attempt("shell.exec", this::builderShells);
        attempt("deploy.staging", this::deployerToStaging);
        attempt("deploy.production", this::deployerToProduction);
        attempt("deploy.qa", this::deployerToQa);
        attempt("deploy.rollback", this::deployerRollsBack);
        attempt("git.log", this::auditorLogs);
        attempt("git.push", this::auditorPushes);
        attempt("git.status", () -> gitStatus());
        attempt("caught-inside-run", this::deployerCatches);
        attempt("async", this::deployerAsync);
        attempt("pool-thread", this::deployerOnPool);
        attempt("explicit", this::explicitDeploy);
        outcomes.add("ran: " + new ArrayList<>(ran));
        return outcomes;
    }

    private interface Attempt {
        Object call() throws Exception;
    }

    private void attempt(String label, Attempt attempt) {
        try {
            Object result = attempt.call();
            outcomes.add(label + ": " + (result instanceof String text && text.startsWith("caught") ? text : "ran"));
        } catch (ToolBlockedException e) {
            outcomes.add(label + ": blocked " + e.rule());
        } catch (ExecutionException e) {
            outcomes.add(label + ": " + (e.getCause() instanceof ToolBlockedException b
                    ? "blocked " + b.rule() + " on a pool thread" : "failed " + e.getCause()));
        } catch (Exception e) {
            outcomes.add(label + ": failed " + e);
        }
    }

    // ---- builder: build.* up to medium risk, action execute

    @Run(stepKey = "builder")
    public String builderCompiles() {
        return buildCompile();
    }

    @Run(stepKey = "builder")
    public String builderPublishes() {
        return buildPublish();
    }

    @Run(stepKey = "builder")
    public String builderCleans() {
        return buildClean();
    }

    @Run(stepKey = "builder")
    public String builderShells() {
        return shellExec();
    }

    @Tool(name = "build.compile")
    public String buildCompile() {
        return record("build.compile");
    }

    @Tool(name = "build.publish", riskLevel = RiskLevel.HIGH)
    public String buildPublish() {
        return record("build.publish");
    }

    @Tool(name = "build.clean", action = @Action(type = "delete"))
    public String buildClean() {
        return record("build.clean");
    }

    @Tool(name = "shell.exec")
    public String shellExec() {
        return record("shell.exec");
    }

    // ---- deployer: deploy.* on staging and prod*, critical and deploy.rollback need approval

    @Run(stepKey = "deployer")
    public String deployerToStaging() {
        return deploy("staging");
    }

    @Run(stepKey = "deployer")
    public String deployerToProduction() {
        return deployProduction();
    }

    @Run(stepKey = "deployer")
    public String deployerToQa() {
        return deploy("qa");
    }

    @Run(stepKey = "deployer")
    public String deployerRollsBack() {
        return rollback();
    }

    /** The caller catches the block: the run goes on and completes. */
    @Run(stepKey = "deployer")
    public String deployerCatches() {
        try {
            return deployProduction();
        } catch (ToolBlockedException e) {
            return "caught " + e.rule();
        }
    }

    @Run(stepKey = "deployer")
    public String deployerAsync() throws Exception {
        return deployAsync().get();
    }

    @Run(stepKey = "deployer")
    public String deployerOnPool() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            return pool.submit(this::deployProduction).get();
        } finally {
            pool.shutdown();
        }
    }

    @Tool(name = "deploy.{0}", riskLevel = RiskLevel.HIGH, action = @Action(type = "deploy"),
          resource = @Resource(type = "environment", externalId = "{0}"))
    public String deploy(String environment) {
        return record("deploy." + environment);
    }

    @Tool(name = "deploy.production", riskLevel = RiskLevel.CRITICAL, action = @Action(type = "deploy"),
          resource = @Resource(type = "environment", externalId = "production"))
    public String deployProduction() {
        return record("deploy.production");
    }

    @Tool(name = "deploy.production", riskLevel = RiskLevel.CRITICAL, action = @Action(type = "deploy"),
          resource = @Resource(type = "environment", externalId = "production"))
    public CompletableFuture<String> deployAsync() {
        return CompletableFuture.supplyAsync(() -> record("deploy.production async"));
    }

    @Tool(name = "deploy.rollback", action = @Action(type = "deploy"),
          resource = @Resource(type = "environment", externalId = "production"))
    public String rollback() {
        return record("deploy.rollback");
    }

    // ---- auditor: declared by the run entry "*" only

    @Run(stepKey = "auditor")
    public String auditorLogs() {
        return gitLog();
    }

    @Run(stepKey = "auditor")
    public String auditorPushes() {
        return gitPush();
    }

    @Tool(name = "git.log")
    public String gitLog() {
        return record("git.log");
    }

    @Tool(name = "git.push", riskLevel = RiskLevel.MEDIUM)
    public String gitPush() {
        return record("git.push");
    }

    /** Called outside any run: judged by the run entry "*". */
    @Tool(name = "git.status")
    public String gitStatus() {
        return record("git.status");
    }

    // ---- the explicit API

    public String explicitDeploy() {
        return Ratri.withChildRun(Ratri.childRun("deployer"), () ->
                Ratri.withTool(Ratri.tool("deploy.production").riskLevel(RiskLevel.CRITICAL).action("deploy")
                        .resource("environment", "production"), () -> record("deploy.production explicit")));
    }

    private String record(String body) {
        ran.add(body);
        return body;
    }
}
