package sh.ratri.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.HeadlessChromium;
import sh.ratri.examples.support.SyntheticTimeline;

/**
 * {@code replay --html} opened in headless Chromium: the support-ops scenario run under the real
 * agent, a session whose recorded text is hostile, and a session of 10,000 events.
 */
class HtmlReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMG = "<img src=x onerror=window.__xss=1>";
    private static final String ALERT_IMG = "<img src=x onerror=alert(1)>";
    private static final String SCRIPT = "</script><script>window.__xss=2;alert(2)</script>";
    private static final Path SCREENSHOT = Path.of("target/replay-support-ops.png");
    private static final Path DOCS_SCREENSHOT = Path.of("../docs/replay-support-ops.png");

    @TempDir
    static Path dir;
    static HeadlessChromium chromium;
    static ChromeDriver driver;

    /**
     * Per test, not in {@code @BeforeAll}: a browser missing there would abort the class, which the
     * reports count as zero tests run rather than as seven skipped ones with their reason.
     */
    @BeforeEach
    void openBrowserOnce() throws Exception {
        if (chromium == null) {
            chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
            driver = chromium.driver();
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static Path replayHtml(Path events, String name) throws Exception {
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", events.toString(), "--html", name);
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        assertThat(replay.stdout()).startsWith("replay: wrote " + name);
        return dir.resolve(name);
    }

    private static void open(Path html) {
        driver.get(html.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                "true".equals(((ChromeDriver) d).executeScript("return document.documentElement.getAttribute('data-rendered')")));
    }

    private static Path supportOpsPage() throws Exception {
        Path html = dir.resolve("support-ops.html");
        if (!Files.exists(html)) {
            Path work = Files.createDirectories(dir.resolve("support-ops"));
            ForkedJvm.Result run = ForkedJvm.scenario("support-ops").in(work)
                    .agentArgs("agent.key=support-ops-orchestrator").run();
            assertThat(run.exitCode()).isZero();
            replayHtml(work.resolve("ratri-events"), "support-ops.html");
        }
        return html;
    }

    @Test
    void workerLaneIsNestedUnderTheOrchestratorLane() throws Exception {
        open(supportOpsPage());

        List<WebElement> lanes = driver.findElements(By.cssSelector(".lane"));
        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0).getAttribute("data-step-key")).isEqualTo("orchestrator");
        assertThat(lanes.get(0).getAttribute("data-depth")).isEqualTo("0");
        assertThat(lanes.get(1).getAttribute("data-step-key")).isEqualTo("response-worker");
        assertThat(lanes.get(1).getAttribute("data-parent-lane")).isEqualTo("0");
        assertThat(lanes.get(1).getAttribute("data-depth")).isEqualTo("1");
        assertThat(lanes.get(1).getLocation().getY()).isGreaterThan(lanes.get(0).getLocation().getY());
        assertThat(lanes.get(1).findElement(By.cssSelector(".lane-label")).getText())
                .contains("response-worker", "#2", "worker", "Response worker");
        assertThat(driver.findElement(By.cssSelector(".session-head")).getText())
                .contains("completed", "pipeline", "Handle urgent enterprise support escalation", "12", "EVENTS", "ERRORS");
    }

    @Test
    void stepAndToolAreBarsAndTheToolShowsItsRisk() throws Exception {
        open(supportOpsPage());

        WebElement step = driver.findElement(By.cssSelector(".lane[data-lane='0'] .bar.step"));
        assertThat(step.getAttribute("textContent")).startsWith("triage-ticket");
        assertThat(step.getAttribute("data-status")).isEqualTo("completed");
        WebElement tool = driver.findElement(By.cssSelector(".lane[data-lane='1'] .bar.tool"));
        assertThat(tool.getAttribute("data-risk")).isEqualTo("low");
        assertThat(tool.getAttribute("class")).contains("low");
        assertThat(tool.getAttribute("textContent")).contains("LOW", "support.compose_reply", "risk low", "ms");
        assertThat(tool.getCssValue("border-left-color")).isEqualTo("rgba(31, 157, 85, 1)");
        assertThat(tool.getSize().getWidth()).isPositive();
    }

    @Test
    void handoffIsDrawnFromTheOrchestratorToTheWorkerWithReasonAndPayload() throws Exception {
        open(supportOpsPage());

        WebElement chip = driver.findElement(By.cssSelector(".handoff-chip"));
        assertThat(chip.getAttribute("data-from-lane")).isEqualTo("0");
        assertThat(chip.getAttribute("data-to-lane")).isEqualTo("1");
        assertThat(chip.getAttribute("textContent"))
                .contains("Delegate customer response draft", "ticketId=SUP-123", "priority=urgent");
        WebElement arrow = driver.findElement(By.cssSelector("svg.links line.handoff-line"));
        assertThat(Double.parseDouble(arrow.getAttribute("y2"))).isGreaterThan(Double.parseDouble(arrow.getAttribute("y1")));
        assertThat(arrow.getAttribute("marker-end")).startsWith("url(#arrow");
    }

    @Test
    void clickingAToolShowsItsEventsAsJsonAndTheScreenshotIsKept() throws Exception {
        open(supportOpsPage());

        driver.findElement(By.cssSelector(".lane[data-lane='1'] .bar.tool")).click();

        WebElement details = driver.findElement(By.id("details"));
        assertThat(details.findElement(By.tagName("h3")).getText()).isEqualTo("support.compose_reply");
        assertThat(details.getText()).contains("risk", "low", "completed", "Draft for SUP-123");
        List<WebElement> events = details.findElements(By.cssSelector(".event-json pre"));
        assertThat(events).hasSize(2);
        JsonNode started = JSON.readTree(events.get(0).getAttribute("textContent"));
        assertThat(started.path("type").asText()).isEqualTo("tool.started");
        assertThat(started.at("/attributes/tool/riskLevel").asText()).isEqualTo("low");
        assertThat(JSON.readTree(events.get(1).getAttribute("textContent")).path("type").asText()).isEqualTo("tool.ended");

        driver.findElement(By.cssSelector(".handoff-chip")).click();
        assertThat(details.findElement(By.tagName("h3")).getText()).isEqualTo("Delegate customer response draft");
        assertThat(details.getText()).contains("payload ticketId", "SUP-123", "handoff.requested", "handoff.completed");

        driver.findElement(By.cssSelector(".lane[data-lane='1'] .bar.tool")).click();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));
        // docs/ is tracked: refresh it only when asked, so a test run leaves the work tree clean
        if (!Files.exists(DOCS_SCREENSHOT) || Boolean.getBoolean("ratri.updateDocsScreenshot")) {
            Files.createDirectories(DOCS_SCREENSHOT.getParent());
            Files.copy(SCREENSHOT, DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    void pageFetchesNothing() throws Exception {
        open(supportOpsPage());

        Object resources = driver.executeScript("return performance.getEntriesByType('resource').length");
        assertThat(resources).isEqualTo(0L);
    }

    @Test
    void hostileTextIsShownLiterallyAndRunsNothing() throws Exception {
        SyntheticTimeline timeline = new SyntheticTimeline("s-xss", 100)
                .sessionStarted("pipeline", IMG + " " + SCRIPT)
                .runStarted("run-1", null, "orchestrator", ALERT_IMG, 0, "orchestrator")
                .handoffRequested("h-1", "run-1", SCRIPT, Map.of("note", IMG, "alert", ALERT_IMG))
                .runStarted("run-2", "run-1", "worker", "Worker", 1, "worker")
                .handoffCompleted("h-1", "run-2", "run-1")
                .toolStarted("t-1", "run-2", ALERT_IMG, "high")
                .ended("tool.ended", Map.of("toolCallId", "t-1", "runId", "run-2"), "completed", 0.1);
        open(replayHtml(timeline.writeTo(dir.resolve("xss/events.jsonl")), "xss.html"));

        assertThat(driver.findElement(By.cssSelector(".session-head h2")).getText()).isEqualTo(IMG + " " + SCRIPT);
        assertThat(driver.findElement(By.cssSelector(".handoff-chip")).getAttribute("textContent"))
                .contains(SCRIPT, "note=" + IMG, "alert=" + ALERT_IMG);
        assertThat(driver.findElement(By.cssSelector(".bar.tool")).getAttribute("textContent")).contains(ALERT_IMG);
        driver.findElement(By.cssSelector(".handoff-chip")).click();
        assertThat(driver.findElement(By.id("details")).getText()).contains(SCRIPT, IMG);

        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        assertThat(driver.findElements(By.tagName("script"))).hasSize(2);
        assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void policyDecisionsAreBadgesOnToolBarsCountedInTheHeaderAndBlockedIsHatchedGreyAndDashedUnlikeRedFailed() throws Exception {
        SyntheticTimeline timeline = new SyntheticTimeline("s-policy", 1_000)
                .sessionStarted("pipeline", "Release 1.4")
                .runStarted("run-1", null, "release", "Release", 0, "orchestrator");
        decidedTool(timeline, "t-1", "git.checkout", "low", "completed", "allow", "allowed", "declared", null);
        decidedTool(timeline, "t-2", "build.package", "medium", "completed", "flag", "tool-not-declared",
                "build.package is not declared", null);
        decidedTool(timeline, "t-3", "deploy.staging", "high", "completed", "approved", "approved",
                "approval APR-7 matches", "alice");
        decidedTool(timeline, "t-4", "deploy.production", "critical", "blocked", "block", "approval-required",
                "critical risk needs an approval", null);
        decidedTool(timeline, "t-5", "notify.slack", "low", "failed", "allow", "allowed", "declared", null);
        timeline.ended("run.ended", Map.of("runId", "run-1"), "blocked", 45)
                .ended("session.ended", Map.of(), "blocked", 46);
        open(replayHtml(timeline.writeTo(dir.resolve("policy/events.jsonl")), "policy.html"));

        WebElement panel = driver.findElement(By.cssSelector(".session-head .policy-panel"));
        assertThat(panel.getText()).startsWith("POLICY");
        assertThat(List.of("allow", "flag", "block", "approved")).map(decision -> panel
                        .findElement(By.cssSelector(".stat[data-decision='" + decision + "'] b")).getText())
                .containsExactly("2", "1", "1", "1");

        for (String[] expected : new String[][] {{"t-1", "allow", "ALLOW"}, {"t-2", "flag", "FLAG"},
                {"t-3", "approved", "APPROVED"}, {"t-4", "block", "BLOCK"}}) {
            WebElement bar = driver.findElement(By.xpath("//div[contains(@class,'bar') and contains(@class,'tool')]"
                    + "[contains(., '" + toolName(expected[0]) + "')]"));
            assertThat(bar.getAttribute("data-decision")).isEqualTo(expected[1]);
            WebElement badge = bar.findElement(By.cssSelector(".decision." + expected[1]));
            assertThat(badge.isDisplayed()).as(expected[0] + " badge shown").isTrue();
            assertThat(badge.getText()).isEqualTo(expected[2]);
            assertThat(badge.getSize().getWidth()).isPositive();
        }

        WebElement blocked = driver.findElement(By.cssSelector(".bar.tool[data-status='blocked']"));
        WebElement failed = driver.findElement(By.cssSelector(".bar.tool[data-status='failed']"));
        assertThat(blocked.getCssValue("background-image")).startsWith("repeating-linear-gradient");
        assertThat(failed.getCssValue("background-image")).isEqualTo("none");
        assertThat(blocked.getCssValue("border-top-color")).isNotEqualTo(failed.getCssValue("border-top-color"));
        assertThat(blocked.getCssValue("border-top-style")).isEqualTo("dashed");
        assertThat(failed.getCssValue("border-top-style")).isEqualTo("solid");
        assertThat(failed.getCssValue("background-color")).isEqualTo("rgba(254, 228, 226, 1)");
        assertThat(blocked.getCssValue("background-color")).isNotEqualTo(failed.getCssValue("background-color"));

        blocked.click();
        WebElement details = driver.findElement(By.id("details"));
        assertThat(details.getText()).contains("policy", "block (approval-required): critical risk needs an approval");
        List<WebElement> events = details.findElements(By.cssSelector(".event-json pre"));
        assertThat(events).hasSize(3);
        JsonNode decision = JSON.readTree(events.get(0).getAttribute("textContent"));
        assertThat(decision.path("type").asText()).isEqualTo("policy.decision");
        assertThat(decision.at("/attributes/rule").asText()).isEqualTo("approval-required");

        driver.findElement(By.cssSelector(".bar.tool[data-decision='approved']")).click();
        assertThat(details.getText()).contains("approved by alice (APR-7)");
        Files.write(Path.of("target/replay-policy.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static String toolName(String toolCallId) {
        return Map.of("t-1", "git.checkout", "t-2", "build.package", "t-3", "deploy.staging",
                "t-4", "deploy.production").get(toolCallId);
    }

    /** One decided call; its 40 ms overlap the next calls' so each bar gets a row and room for its label. */
    private static void decidedTool(SyntheticTimeline timeline, String toolCallId, String name, String risk, String status,
                                    String decision, String rule, String reason, String approver) {
        timeline.policyDecision(toolCallId, "run-1", decision, rule, name, reason,
                        approver == null ? null : "APR-7", approver)
                .toolStarted(toolCallId, "run-1", name, risk)
                .ended("tool.ended", Map.of("toolCallId", toolCallId, "runId", "run-1"), status, 40);
    }

    @Test
    void sessionOfTenThousandEventsOpensAndScrolls() throws Exception {
        SyntheticTimeline timeline = tenThousandEvents();
        assertThat(timeline.size()).isEqualTo(10_000);
        Path html = replayHtml(timeline.writeTo(dir.resolve("big/events.jsonl")), "big.html");

        long started = System.nanoTime();
        open(html);
        double openedMs = (System.nanoTime() - started) / 1e6;

        double renderedMs = ((Number) driver.executeScript("return window.ratriRenderedAt")).doubleValue();
        Object paint = driver.executeScript("var p = performance.getEntriesByName('first-contentful-paint');"
                + " return p.length ? p[0].startTime : null");
        long bars = (Long) driver.executeScript("return document.querySelectorAll('.bar').length");
        // scroll the timeline to the end over 60 frames and keep the longest frame
        Number longestFrame = (Number) driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1], box = document.querySelector('.tl-scroll');"
                        + "var frames = 0, last = performance.now(), longest = 0;"
                        + "function step(now) { longest = Math.max(longest, now - last); last = now;"
                        + "  box.scrollTop = box.scrollHeight * frames / 60; frames++;"
                        + "  if (frames <= 60) { requestAnimationFrame(step); } else { done(longest); } }"
                        + "requestAnimationFrame(step);");
        String figures = String.format(java.util.Locale.ROOT,
                "10,000 events, %d bars: rendered %.0f ms after navigation start, first contentful paint %s ms,"
                        + " driver.get returned after %.0f ms, longest frame while scrolling %.1f ms, page %d KiB",
                bars, renderedMs, paint, openedMs, longestFrame.doubleValue(), Files.size(html) / 1024);
        System.out.println("HtmlReplayIT: " + figures);
        Files.writeString(Path.of("target/html-replay-10k.txt"), figures + System.lineSeparator());

        assertThat(bars).isGreaterThan(4_900);
        assertThat(renderedMs).as("smoke check only; the figure is in target/html-replay-10k.txt").isLessThan(5_000);
    }

    /** One orchestrator handing off to 49 workers; each runs a step and 98 tools, all risks in turn. */
    private static SyntheticTimeline tenThousandEvents() {
        String[] risks = {"low", "medium", "high", "critical"};
        SyntheticTimeline t = new SyntheticTimeline("s-big", 20).sessionStarted("batch", "Ten thousand events");
        t.runStarted("orch", null, "orchestrator", "Orchestrator", 0, "orchestrator");
        int orchestratorStart = 2;
        for (int w = 0; w < 49; w++) {
            String run = "w" + w;
            t.handoffRequested("h" + w, "orch", "Batch " + w, Map.of("batch", String.valueOf(w)));
            t.runStarted(run, "orch", "worker-" + w, "Worker " + w, w + 1, "worker");
            int runStart = t.size();
            t.handoffCompleted("h" + w, run, "orch");
            t.stepStarted(run + "-s", run, "plan", 0);
            t.ended("step.ended", Map.of("stepId", run + "-s", "runId", run), "completed", 0.02);
            for (int i = 0; i < 97; i++) {
                String tool = run + "-t" + i;
                t.toolStarted(tool, run, "tool." + (i % 7), risks[i % 4]);
                t.ended("tool.ended", Map.of("toolCallId", tool, "runId", run), i % 31 == 30 ? "failed" : "completed", 0.02);
            }
            t.ended("run.ended", Map.of("runId", run), "completed", t.msSince(runStart));
        }
        for (int i = 0; i < 98; i++) {
            String tool = "orch-t" + i;
            t.toolStarted(tool, "orch", "orchestrator.check", risks[i % 4]);
            t.ended("tool.ended", Map.of("toolCallId", tool, "runId", "orch"), "completed", 0.02);
        }
        t.ended("run.ended", Map.of("runId", "orch"), "completed", t.msSince(orchestratorStart));
        t.ended("session.ended", Map.of(), "completed", t.msSince(1));
        return t;
    }
}
