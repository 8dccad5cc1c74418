package sh.ratri.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.json.JsonObject;

class EventHeadScannerTest {

    private final EventHeadScanner scanner = new EventHeadScanner(List.of("type", "sessionId"));

    private JsonObject scan(String line) {
        byte[] bytes = ("  " + line + "  ").getBytes(StandardCharsets.UTF_8);
        return scanner.scan(bytes, 2, bytes.length - 2);
    }

    @Test
    void picksTheWantedTopLevelStringsAndPassesOverEverythingElse() {
        JsonObject head = scan("{\"schema\":\"ratri.event/v1\",\"sequence\":17,\"ok\":true,\"none\":null,"
                + "\"agent\":{\"key\":\"a\",\"type\":\"nested, not top-level\"},\"list\":[1,{\"sessionId\":\"no\"},\"]\"],"
                + "\"type\":\"run.started\" , \"attributes\":{\"text\":\"a \\\"quoted\\\" } brace\"},"
                + "\"sessionId\":\"s-ü\"}");

        assertThat(head).isEqualTo(Map.of("type", "run.started", "sessionId", "s-ü"));
    }

    @Test
    void anObjectWithoutTheWantedFieldsScansAsEmpty() {
        assertThat(scan("{}")).isEmpty();
        assertThat(scan("{\"other\":1}")).isEmpty();
    }

    @Test
    void anythingOutOfTheOrdinaryIsLeftToTheRealParser() {
        assertThat(scan("{\"type\":\"a\\u0062\",\"sessionId\":\"s\"}")).as("escaped wanted value").isNull();
        assertThat(scan("{\"type\":17,\"sessionId\":\"s\"}")).as("wanted value not a string").isNull();
        assertThat(scan("{\"ty\\u0070e\":\"x\"}")).as("escaped key").isNull();
        assertThat(scan("{\"type\":\"run.started\",\"attributes\":{\"a\":[1,2}")).as("cut short").isNull();
        assertThat(scan("{\"type\":\"run.started\"} trailing")).as("more after the object").isNull();
        assertThat(scan("[\"type\"]")).as("not an object").isNull();
        assertThat(scan("{\"type\" \"x\"}")).as("no colon").isNull();
    }
}
