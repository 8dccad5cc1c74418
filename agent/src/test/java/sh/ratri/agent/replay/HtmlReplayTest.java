package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.ratri.agent.replay.TimelineFixture.ordered;
import static sh.ratri.agent.replay.TimelineFixture.supportOps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;

class HtmlReplayTest {

    private static final String START = "2026-11-25T03:45:31.000000Z";
    private static final String IMG = "<img src=x onerror=alert(1)>";
    private static final String SCRIPT = "</script><script>alert(2)</script>";
    private static final SkipReport NOTHING_SKIPPED = new SkipReport();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA_BLOCK =
            Pattern.compile("<script type=\"application/json\" id=\"ratri-data\">(.*?)</script>", Pattern.DOTALL);

    private static String html(List<String> lines) {
        var parsed = ReplayFixtures.parse(lines);
        return HtmlReplay.render(parsed.sessions(), parsed.events(), NOTHING_SKIPPED);
    }

    private static JsonNode data(String html) throws Exception {
        Matcher matcher = DATA_BLOCK.matcher(html);
        assertThat(matcher.find()).as("one JSON data block").isTrue();
        return JSON.readTree(matcher.group(1));
    }

    @Test
    void embeddedJsonHasNoAngleBracketsOrAmpersandsAndReadsBackUnchanged() throws Exception {
        var data = new JsonObject()
                .with("text", SCRIPT + " <!-- & \u2028 \u2029 " + IMG);

        String embedded = HtmlReplay.embed(data);

        assertThat(embedded).doesNotContain("<", ">", "&", "\u2028", "\u2029")
                .contains("\\u003c/script\\u003e");
        assertThat(JsonReader.read(embedded)).isEqualTo(data);
    }

    @Test
    void hostileTextInSummariesNeverReachesThePageAsMarkup() throws Exception {
        String html = html(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", IMG + " " + SCRIPT, Map.of("note", "<!-- " + IMG))
                .runStarted("run-1", null, "orchestrator", "Orchestrator", 0, "orchestrator")
                .handoffRequested("h-1", "run-1", SCRIPT, ordered("payload", IMG))
                .lines());

        assertThat(html).doesNotContain(IMG, "<img", "alert(2)</script>", "<script>alert");
        assertThat(html.split("</script>", -1)).as("only the two script elements close").hasSize(3);
        JsonNode session = data(html).path("sessions").get(0);
        assertThat(session.path("inputSummary").asText()).isEqualTo(IMG + " " + SCRIPT);
        assertThat(session.at("/handoffs/0/reason").asText()).isEqualTo(SCRIPT);
        assertThat(session.at("/handoffs/0/payload/payload").asText()).isEqualTo(IMG);
        assertThat(session.at("/metadata/note").asText()).isEqualTo("<!-- " + IMG);
    }

    @Test
    void pageIsSelfContainedAndItsPolicyAllowsOnlyItsOwnScript() throws Exception {
        String html = html(supportOps("s-1", START).lines());

        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//")
                .doesNotContain("@import", "url(http");
        Matcher csp = Pattern.compile("script-src 'sha256-([^']+)'").matcher(html);
        assertThat(csp.find()).isTrue();
        int open = html.indexOf(HtmlReplay.APP_SCRIPT_OPEN) + HtmlReplay.APP_SCRIPT_OPEN.length();
        String script = html.substring(open, html.indexOf("</script>", open));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
        assertThat(csp.group(1)).isEqualTo(Base64.getEncoder().encodeToString(digest));
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void eachRunIsALaneNestedUnderItsParentWithItsStepsToolsAndHandoffs() throws Exception {
        JsonNode session = data(html(supportOps("s-1", START).lines())).path("sessions").get(0);

        assertThat(session.path("id").asText()).isEqualTo("s-1");
        assertThat(session.path("status").asText()).isEqualTo("completed");
        assertThat(session.path("counts").toString())
                .isEqualTo("{\"runs\":2,\"steps\":1,\"tools\":1,\"handoffs\":1,\"errors\":0,\"events\":12}");
        JsonNode lanes = session.path("lanes");
        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0).path("stepKey").asText()).isEqualTo("orchestrator");
        assertThat(lanes.get(0).path("parent").asInt()).isEqualTo(-1);
        assertThat(lanes.get(1).path("stepKey").asText()).isEqualTo("response-worker");
        assertThat(lanes.get(1).path("role").asText()).isEqualTo("worker");
        assertThat(lanes.get(1).path("parent").asInt()).isZero();
        assertThat(lanes.get(1).path("depth").asInt()).isEqualTo(1);

        JsonNode items = session.path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("kind").asText()).isEqualTo("step");
        assertThat(items.get(0).path("lane").asInt()).isZero();
        JsonNode tool = items.get(1);
        assertThat(tool.path("kind").asText()).isEqualTo("tool");
        assertThat(tool.path("lane").asInt()).isEqualTo(1);
        assertThat(tool.path("risk").asText()).isEqualTo("low");
        assertThat(tool.path("dur").asDouble()).isEqualTo(0.1);
        assertThat(tool.path("start").asDouble()).isEqualTo(7.0); // the 8th event, 1 ms apart, first at 0

        JsonNode handoff = session.at("/handoffs/0");
        assertThat(handoff.path("from").asInt()).isZero();
        assertThat(handoff.path("to").asInt()).isEqualTo(1);
        assertThat(handoff.path("state").asText()).isEqualTo("completed");
        assertThat(handoff.path("at").asDouble()).isEqualTo(4.0);
        assertThat(handoff.path("acceptedAt").asDouble()).isEqualTo(6.0);
        assertThat(handoff.at("/payload/ticketId").asText()).isEqualTo("SUP-123");
    }

    @Test
    void everyEntryPointsAtItsOwnEventsVerbatim() throws Exception {
        List<String> lines = supportOps("s-1", START).lines();
        JsonNode session = data(html(lines)).path("sessions").get(0);
        JsonNode events = session.path("events");

        assertThat(events).hasSize(lines.size());
        assertThat(events.get(0)).isEqualTo(JSON.readTree(lines.get(0)));
        assertThat(types(events, session.path("sessionEvents"))).containsExactly("session.started", "session.ended");
        assertThat(types(events, session.at("/lanes/1/events"))).containsExactly("run.started", "run.ended");
        assertThat(types(events, session.at("/items/1/events"))).containsExactly("tool.started", "tool.ended");
        assertThat(types(events, session.at("/handoffs/0/events"))).containsExactly("handoff.requested", "handoff.completed");
    }

    @Test
    void unfinishedAndFailedItemsKeepTheirStatus() throws Exception {
        JsonNode session = data(html(new TimelineFixture("s-1", START)
                .sessionStarted("pipeline", "", Map.of())
                .runStarted("run-1", null, "ops", "Ops", 0, "orchestrator")
                .toolStarted("t-1", "run-1", "db.read", "medium", "read", null, null)
                .toolFailed("t-1", "run-1", 0.5, "java.io.IOException", "disk")
                .toolStarted("t-2", "run-1", "db.write", "high", "write", null, null)
                .lines())).path("sessions").get(0);

        assertThat(session.path("status").asText()).isEqualTo("unfinished");
        assertThat(session.at("/items/0/status").asText()).isEqualTo("failed");
        assertThat(session.at("/items/0/error/message").asText()).isEqualTo("disk");
        assertThat(session.at("/items/1/status").asText()).isEqualTo("unfinished");
        assertThat(session.at("/items/1/dur").isMissingNode()).isTrue();
        assertThat(session.at("/counts/errors").asInt()).isEqualTo(1);
    }

    private static List<String> types(JsonNode events, JsonNode positions) {
        return java.util.stream.StreamSupport.stream(positions.spliterator(), false)
                .map(p -> events.get(p.asInt()).path("type").asText()).toList();
    }
}
