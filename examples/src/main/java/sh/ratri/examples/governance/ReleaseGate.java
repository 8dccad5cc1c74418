package sh.ratri.examples.governance;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.RiskLevel;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The production release gate: build, test, then deploy to production. The deploy is critical and
 * needs an approval in {@code examples/release-gate/capabilities.json}; its side effect is the file
 * {@code production-release.txt} in the working directory, so a blocked deploy leaves no file.
 */
public class ReleaseGate {

    public static final Path SIDE_EFFECT = Path.of("production-release.txt");

    @Session(kind = "release", inputSummary = "Release {version}")
    public String release(String version) {
        return orchestrate(version);
    }

    @Run(stepKey = "release-orchestrator", stepName = "Release orchestrator")
    public String orchestrate(String version) {
        String artifact = build(version);
        test(artifact);
        return deployer(artifact);
    }

    @WorkflowStep(stepKey = "build")
    @Tool(name = "build.compile", riskLevel = RiskLevel.LOW)
    public String build(String version) {
        return "app-" + version + ".jar";
    }

    @WorkflowStep(stepKey = "test")
    @Tool(name = "test.run", riskLevel = RiskLevel.MEDIUM)
    public int test(String artifact) {
        return 42; // tests passed
    }

    @ChildRun(stepKey = "deployer", stepName = "Deployer")
    public String deployer(String artifact) {
        return deployProduction(artifact);
    }

    @Tool(name = "deploy.production", riskLevel = RiskLevel.CRITICAL,
          action = @Action(type = "deploy"), resource = @Resource(type = "environment", externalId = "production"))
    public String deployProduction(String artifact) {
        try {
            Files.writeString(SIDE_EFFECT, artifact + " deployed to production\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "deployed " + artifact;
    }
}
