package sh.ratri.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.HeadlessChromium;
import sh.ratri.examples.support.SyntheticTimeline;

/**
 * {@code replay --diff} run as a CI job runs it: the agent jar's command line in a forked JVM,
 * against a baseline test suite written by hand, then its HTML page in headless Chromium.
 *
 * <p>The current run differs from the baseline in {@code CheckoutTest#paysOrder}: its step
 * validate-cart is gone, payments.charge rose from high to critical, and it calls a new tool
 * shell.exec; {@code SupportTest#escalates} fans out to a third worker; {@code NewTest#added} and
 * {@code OldTest#removed} exist on one side only; {@code CheckoutTest#refunds} is unchanged.
 */
class ReplayDiffIT {

    private static final Instant START = Instant.parse("2026-11-25T03:00:00Z");

    @TempDir
    static Path dir;
    static Path baseline;
    static Path current;
    static HeadlessChromium chromium;
    static ChromeDriver driver;

    @BeforeAll
    static void writeBothRuns() throws Exception {
        baseline = suite(dir.resolve("baseline/events.jsonl"), false);
        current = suite(dir.resolve("current/events.jsonl"), true);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static Path suite(Path file, boolean changed) throws Exception {
        String side = changed ? "c-" : "b-";
        Instant at = changed ? START.plus(Duration.ofDays(1)) : START;
        SyntheticTimeline pays = new SyntheticTimeline(side + "pays", 1_000).agent("shop").startingAt(at)
                .testStarted("com.acme.CheckoutTest", "paysOrder")
                .runStarted("run", null, "checkout-agent", "Checkout agent", 0, "orchestrator");
        if (!changed) {
            pays.stepStarted("step", "run", "validate-cart", 1)
                    .ended("step.ended", Map.of("stepId", "step", "runId", "run"), "completed", 1);
        }
        tool(pays, "run", "t1", "cart.read", "low");
        tool(pays, "run", "t2", "payments.charge", changed ? "critical" : "high");
        if (changed) {
            tool(pays, "run", "t3", "shell.exec", "critical");
        }
        pays.llmEnded("llm", "run", 1_000, 100, 0.01)
                .ended("run.ended", Map.of("runId", "run"), "completed", 9)
                .ended("session.ended", Map.of(), "completed", 10)
                .appendTo(file);

        SyntheticTimeline refunds = new SyntheticTimeline(side + "refunds", 1_000).agent("shop")
                .startingAt(at.plusSeconds(1)).testStarted("com.acme.CheckoutTest", "refunds")
                .runStarted("run", null, "refund-agent", "Refund agent", 0, "orchestrator");
        tool(refunds, "run", "t1", "payments.refund", "high");
        refunds.ended("run.ended", Map.of("runId", "run"), "completed", 3)
                .ended("session.ended", Map.of(), "completed", 4)
                .appendTo(file);

        SyntheticTimeline escalates = new SyntheticTimeline(side + "escalates", 1_000).agent("support")
                .startingAt(at.plusSeconds(2)).testStarted("com.acme.SupportTest", "escalates")
                .runStarted("orch", null, "orchestrator", "Orchestrator", 0, "orchestrator");
        int workers = changed ? 3 : 2;
        for (int w = 0; w < workers; w++) {
            escalates.handoffRequested("h" + w, "orch", "Draft part " + w, Map.of("part", String.valueOf(w)));
        }
        for (int w = 0; w < workers; w++) {
            escalates.runStarted("w" + w, "orch", "worker-" + w, "Worker " + w, w + 1, "worker")
                    .handoffCompleted("h" + w, "w" + w, "orch");
            tool(escalates, "w" + w, "t" + w, "support.compose_reply", "low");
            escalates.ended("run.ended", Map.of("runId", "w" + w), "completed", 2);
        }
        escalates.ended("run.ended", Map.of("runId", "orch"), "completed", 20)
                .ended("session.ended", Map.of(), "completed", 21)
                .appendTo(file);

        SyntheticTimeline oneSide = new SyntheticTimeline(side + "only", 1_000).agent("shop")
                .startingAt(at.plusSeconds(3))
                .testStarted(changed ? "com.acme.NewTest" : "com.acme.OldTest", changed ? "added" : "removed")
                .runStarted("run", null, "search-agent", "Search agent", 0, "orchestrator");
        tool(oneSide, "run", "t1", "search.web", "low");
        oneSide.ended("run.ended", Map.of("runId", "run"), "completed", 2)
                .ended("session.ended", Map.of(), "completed", 3)
                .appendTo(file);
        return file;
    }

    private static void tool(SyntheticTimeline timeline, String runId, String id, String name, String risk) {
        timeline.toolStarted(id, runId, name, risk)
                .ended("tool.ended", Map.of("toolCallId", id, "runId", runId), "completed", 1);
    }

    @Test
    void aChangedBaselineFailsTheGateWithOneLineAndTheJobSummaryListsTheChanges() throws Exception {
        Path summary = dir.resolve("summary.md");

        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", current.toString(), "--diff", baseline.getParent().toString(),
                "--fail-on", "new-tool,risk-up,missing-step", "--markdown", summary.toString());

        assertThat(replay.exitCode()).as(replay.stderr()).isEqualTo(3);
        List<String> reasons = replay.stderr().lines().filter(line -> line.startsWith("replay: --fail-on")).toList();
        assertThat(reasons).containsExactly("replay: --fail-on new-tool,risk-up,missing-step: session c-pays "
                + "(CheckoutTest#paysOrder \"paysOrder()\") lacks step checkout-agent › validate-cart (baseline b-pays) "
                + "(3 changes in all)");
        assertThat(replay.stdout()).isEqualTo("replay: wrote " + summary + " (4 sessions)\n");
        assertThat(Files.readAllLines(summary)).contains(
                "| CheckoutTest#paysOrder \"paysOrder()\" `c-pays` | - step checkout-agent › validate-cart | `missing-step` |",
                "| CheckoutTest#paysOrder \"paysOrder()\" `c-pays` | ↑ tool payments.charge risk high → critical | `risk-up` |",
                "| CheckoutTest#paysOrder \"paysOrder()\" `c-pays` | + tool shell.exec risk=critical | `new-tool` |",
                "| SupportTest#escalates \"escalates()\" `c-escalates` | + run orchestrator › worker-2 |  |",
                "| SupportTest#escalates \"escalates()\" `c-escalates` | + handoff orchestrator → worker-2 |  |",
                "- ✅ NewTest#added \"added()\" `c-only`",
                "- ✅ OldTest#removed \"removed()\" `b-only`");

        ForkedJvm.Result text = ForkedJvm.cli(dir, "replay", current.toString(), "--diff", baseline.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("changed  CheckoutTest#paysOrder \"paysOrder()\"  session c-pays  (baseline b-pays)\n"
                + "  - step checkout-agent › validate-cart  [missing-step]\n"
                + "  ↑ tool payments.charge  risk high → critical  [risk-up]\n"
                + "  + tool shell.exec  risk=critical  [new-tool]\n");
    }

    @Test
    void htmlShowsTheChangesAndEachChangedSessionBesideItsBaseline() throws Exception {
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", current.toString(), "--diff", baseline.toString(),
                "--html", "diff.html");
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        openBrowser();
        open(dir.resolve("diff.html"));

        WebElement diff = driver.findElement(By.id("diff"));
        assertThat(diff.findElement(By.cssSelector(".diff-summary")).getText())
                .contains("4 sessions against 4 in the baseline", "3 matched, 2 changed, 1 only in this run, 1 only in the baseline");
        List<WebElement> changed = diff.findElements(By.cssSelector(".diff-session"));
        assertThat(changed).map(row -> row.getAttribute("data-session")).containsExactly("c-pays", "c-escalates");
        assertThat(changed.get(0).findElements(By.cssSelector(".gate"))).map(WebElement::getText)
                .containsExactly("MISSING-STEP", "RISK-UP", "NEW-TOOL");

        click(changed.get(0).findElement(By.cssSelector("button.link")));

        WebElement card = driver.findElement(By.cssSelector(".slot section.session[data-session='c-pays']"));
        List<WebElement> sides = card.findElements(By.cssSelector(".side-by-side > .side"));
        assertThat(sides).hasSize(2);
        assertThat(sides.get(0).getAttribute("class")).contains("baseline");
        assertThat(sides.get(0).findElement(By.cssSelector(".side-title")).getText()).contains("B-PAYS");
        assertThat(sides.get(0).getLocation().getX()).isLessThan(sides.get(1).getLocation().getX());
        assertThat(sides.get(0).getLocation().getY()).isEqualTo(sides.get(1).getLocation().getY());
        WebElement missingStep = sides.get(0).findElement(By.cssSelector(".bar.step[data-label='validate-cart']"));
        assertThat(missingStep.getAttribute("data-diff")).isEqualTo("missing");
        assertThat(sides.get(1).findElements(By.cssSelector(".bar.step"))).isEmpty();
        assertThat(sides.get(1).findElement(By.cssSelector(".bar.tool[data-label='shell.exec']")).getAttribute("data-diff"))
                .isEqualTo("added");
        WebElement riskUp = sides.get(1).findElement(By.cssSelector(".bar.tool[data-label='payments.charge']"));
        assertThat(riskUp.getAttribute("data-diff")).isEqualTo("changed");
        assertThat(riskUp.getAttribute("data-risk")).isEqualTo("critical");
        assertThat(sides.get(0).findElement(By.cssSelector(".bar.tool[data-label='payments.charge']"))
                .getAttribute("data-risk")).isEqualTo("high");
        Files.write(Path.of("target/replay-diff.png"), driver.getScreenshotAs(OutputType.BYTES));

        click(driver.findElement(By.cssSelector(".diff-only.baseline button.link")));
        assertThat(driver.findElement(By.cssSelector(".diff-only.baseline section.session")).getAttribute("data-session"))
                .isEqualTo("b-only");
        WebElement escalation = driver.findElement(By.cssSelector(".index-row[data-session='c-escalates'] .diff-state"));
        assertThat(escalation.getText()).as("a run, a handoff, one more compose call").isEqualTo("3 changes");
    }

    /** In the middle of the view: the page's sticky header covers what sits at its top. */
    private static void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private static void openBrowser() throws Exception {
        if (chromium == null) {
            chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
            driver = chromium.driver();
        }
    }

    private static void open(Path html) {
        driver.get(html.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                "true".equals(((ChromeDriver) d).executeScript("return document.documentElement.getAttribute('data-rendered')")));
    }
}
