package sh.ratri.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import sh.ratri.examples.support.ForkedJvm;
import sh.ratri.examples.support.HeadlessChromium;
import sh.ratri.examples.support.SyntheticTimeline;

/**
 * The {@code replay --html} page of a test suite's run, in headless Chromium: a thousand sessions
 * behind an index (filter, search, failed first), each timeline drawn when opened; and a parallel
 * fan-out whose handoff chips are stacked. The time to open and filter the page is measured and
 * written to {@code target/html-index-1000.txt} (benchmarks/RESULTS.md quotes it), never asserted.
 */
class HtmlSessionIndexIT {

    private static final String[] AGENTS = {"support-ops", "release-bot", "refunds"};
    private static final int SESSIONS = 1_000;

    @TempDir
    static Path dir;
    static HeadlessChromium chromium;
    static ChromeDriver driver;
    static Path suitePage;

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

    /**
     * Session i is a test of agent {@code AGENTS[i % 3]}; every 17th fails (a tool fails), every 23rd is
     * blocked, every 50th is a pipeline rather than a test, every 10th fans out to four workers.
     */
    private static Path suite() throws Exception {
        if (suitePage != null) {
            return suitePage;
        }
        Path events = dir.resolve("suite/events.jsonl");
        for (int i = 0; i < SESSIONS; i++) {
            SyntheticTimeline t = new SyntheticTimeline(String.format(Locale.ROOT, "s%04d", i), 500)
                    .agent(AGENTS[i % 3]).startingAt(Instant.parse("2026-11-25T03:00:00Z").plusSeconds(i));
            if (i % 50 == 49) {
                t.sessionStarted("pipeline", "Nightly batch " + i);
            } else {
                t.testStarted("com.acme.Suite" + (i % 20) + "Test", "case" + i);
            }
            String status = i % 17 == 3 ? "failed" : i % 23 == 5 ? "blocked" : "completed";
            t.runStarted("orch", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                    .stepStarted("plan", "orch", "plan", 1)
                    .ended("step.ended", Map.of("stepId", "plan", "runId", "orch"), "completed", 0.5);
            int workers = i % 10 == 0 ? 4 : 1;
            for (int w = 0; w < workers; w++) {
                t.handoffRequested("h" + w, "orch", "Delegate part " + w, Map.of("part", String.valueOf(w)));
            }
            for (int w = 0; w < workers; w++) {
                String run = "w" + w;
                t.runStarted(run, "orch", "worker-" + w, "Worker " + w, 2 + w, "worker").handoffCompleted("h" + w, run, "orch");
                String[] tools = {"search.web", "support.compose_reply", "payments.refund"};
                for (int k = 0; k < tools.length; k++) {
                    String tool = run + "-t" + k;
                    String toolStatus = k == 2 && w == 0 && !status.equals("completed") ? status : "completed";
                    t.toolStarted(tool, run, tools[k], k == 2 ? "high" : "low")
                            .ended("tool.ended", Map.of("toolCallId", tool, "runId", run), toolStatus, 1.5);
                }
                t.ended("run.ended", Map.of("runId", run), w == 0 ? status : "completed", 6);
            }
            t.ended("run.ended", Map.of("runId", "orch"), status, 15)
                    .ended("session.ended", Map.of(), status, 16)
                    .appendTo(events);
        }
        ForkedJvm.Result replay = ForkedJvm.cli(dir, "replay", events.toString(), "--html", "suite.html");
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        suitePage = dir.resolve("suite.html");
        return suitePage;
    }

    private static void open(Path html) {
        driver.get(html.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                "true".equals(((ChromeDriver) d).executeScript("return document.documentElement.getAttribute('data-rendered')")));
    }

    private static List<WebElement> shownRows() {
        return driver.findElements(By.cssSelector(".index-rows > .index-row:not([hidden])"));
    }

    @Test
    void aThousandSessionsOpenAsAnIndexFailedFirstWithNoTimelineDrawnUntilOneIsOpened() throws Exception {
        open(suite());

        List<WebElement> rows = driver.findElements(By.cssSelector(".index-rows > .index-row"));
        assertThat(rows).hasSize(SESSIONS);
        assertThat(driver.findElements(By.cssSelector(".lane"))).isEmpty();
        assertThat(driver.findElement(By.id("filter-count")).getText()).isEqualTo("showing 1000 of 1000");
        List<String> statuses = rows.stream().map(row -> row.getAttribute("data-status")).toList();
        int failed = (int) statuses.stream().filter("failed"::equals).count();
        int blocked = (int) statuses.stream().filter("blocked"::equals).count();
        assertThat(statuses.subList(0, failed)).containsOnly("failed");
        assertThat(statuses.subList(failed, failed + blocked)).containsOnly("blocked");
        assertThat(rows.get(0).getText()).contains("failed", "test", "Suite3Test#case3", "case3()", "16.0 ms");
        assertThat(rows.get(0).findElement(By.cssSelector(".tools")).getText())
                .isEqualTo("3 · search.web, support.compose_reply, payments.refund");

        rows.get(0).click();

        WebElement card = driver.findElement(By.cssSelector(".slot section.session[data-session='s0003']"));
        assertThat(card.findElements(By.cssSelector(".lane"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector(".lane"))).as("only the opened session is drawn").hasSize(2);
        assertThat(card.findElement(By.cssSelector(".bar.tool[data-status='failed']")).getAttribute("data-label"))
                .isEqualTo("payments.refund");
        rows.get(0).click();
        assertThat(card.isDisplayed()).isFalse();
    }

    @Test
    void statusAgentKindAndSearchFilterTheIndex() throws Exception {
        open(suite());

        new Select(driver.findElement(By.id("filter-status"))).selectByValue("failed");
        assertThat(shownRows()).isNotEmpty().allMatch(row -> "failed".equals(row.getAttribute("data-status")));
        int failed = shownRows().size();
        new Select(driver.findElement(By.id("filter-agent"))).selectByValue("refunds");
        assertThat(shownRows()).hasSizeLessThan(failed).allMatch(row -> row.getText().contains("refunds"));
        new Select(driver.findElement(By.id("filter-status"))).selectByValue("");
        new Select(driver.findElement(By.id("filter-agent"))).selectByValue("");
        new Select(driver.findElement(By.id("filter-kind"))).selectByValue("pipeline");
        assertThat(shownRows()).hasSize(SESSIONS / 50).allMatch(row -> row.getText().contains("Nightly batch"));
        new Select(driver.findElement(By.id("filter-kind"))).selectByValue("");

        WebElement search = driver.findElement(By.id("filter-search"));
        search.sendKeys("suite7test#case507");
        assertThat(shownRows()).singleElement().satisfies(row -> assertThat(row.getAttribute("data-session")).isEqualTo("s0507"));
        search.clear();
        search.sendKeys("PAYMENTS.REFUND case99");
        assertThat(shownRows()).map(row -> row.getAttribute("data-session")).containsExactlyInAnyOrder("s0990",
                "s0991", "s0992", "s0993", "s0994", "s0995", "s0996", "s0997", "s0998");
        assertThat(driver.findElement(By.id("filter-count")).getText()).isEqualTo("showing 9 of 1000");
    }

    @Test
    void handoffChipsOfAParallelFanOutAreStackedAndNoneOverlaps() throws Exception {
        open(suite());
        driver.findElement(By.cssSelector(".index-row[data-session='s0010']")).click();

        WebElement card = driver.findElement(By.cssSelector(".slot section.session[data-session='s0010']"));
        List<WebElement> chips = card.findElements(By.cssSelector(".handoff-chip"));
        assertThat(chips).hasSize(4);
        assertThat(chips).map(chip -> chip.getAttribute("data-chip-row")).containsExactly("0", "1", "2", "3");
        List<Rectangle> boxes = new ArrayList<>(chips.stream().map(WebElement::getRect).toList());
        for (int a = 0; a < boxes.size(); a++) {
            for (int b = a + 1; b < boxes.size(); b++) {
                assertThat(overlap(boxes.get(a), boxes.get(b))).as("chips %d and %d overlap", a, b).isFalse();
            }
        }
        assertThat(chips.get(3).getAttribute("textContent")).contains("Delegate part 3", "part=3");
        assertThat(card.findElements(By.cssSelector("svg.links line.handoff-line"))).hasSize(4);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", chips.get(0));
        Files.write(Path.of("target/replay-fan-out.png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static boolean overlap(Rectangle a, Rectangle b) {
        return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    }

    /** Figures for benchmarks/RESULTS.md: from navigation to a usable page, and one filter and one search. */
    @Test
    void measuresOpeningAndFilteringAThousandSessions() throws Exception {
        Path page = suite();
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            open(page);
            Number rendered = (Number) driver.executeScript("return window.ratriRenderedAt");
            Number paint = (Number) driver.executeScript("var p = performance.getEntriesByName('first-contentful-paint');"
                    + " return p.length ? p[0].startTime : -1");
            Number filter = timed("var s = document.getElementById('filter-status'); s.value = 'failed';"
                    + " s.dispatchEvent(new Event('change'));");
            Number search = timed("var s = document.getElementById('filter-status'); s.value = '';"
                    + " s.dispatchEvent(new Event('change')); var q = document.getElementById('filter-search');"
                    + " q.value = 'payments.refund case5'; q.dispatchEvent(new Event('input'));");
            Number expand = timed("document.querySelector('.index-rows > .index-row:not([hidden])').click();");
            rounds.add(String.format(Locale.ROOT, "round %d: rendered %.0f ms after navigation start (first paint %.0f ms),"
                            + " status filter %.1f ms, search %.1f ms, open a session %.1f ms (each to the next frame)",
                    round + 1, rendered.doubleValue(), paint.doubleValue(), filter.doubleValue(), search.doubleValue(),
                    expand.doubleValue()));
        }
        String figures = String.format(Locale.ROOT, "%,d sessions, page %,d KiB%n%s", SESSIONS, Files.size(page) / 1024,
                String.join(System.lineSeparator(), rounds));
        System.out.println("HtmlSessionIndexIT: " + figures);
        Files.writeString(Path.of("target/html-index-1000.txt"), figures + System.lineSeparator());
        assertThat(shownRows()).isNotEmpty();
    }

    /** Runs {@code action}, then waits for the frame that shows its result: the time a user waits. */
    private static Number timed(String action) {
        return (Number) driver.executeAsyncScript("var done = arguments[arguments.length - 1], t0 = performance.now();"
                + action + " requestAnimationFrame(function () { setTimeout(function () { done(performance.now() - t0); }, 0); });");
    }
}
