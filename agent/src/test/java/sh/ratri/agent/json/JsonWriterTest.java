package sh.ratri.agent.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesBackWhatItReadUnchanged() throws IOException {
        String text = "{\"s\":\"<&> \\u0000 é\",\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,"
                + "\"d\":1.5,\"z\":-0.0,\"t\":true,\"n\":null,\"o\":{},\"a\":[[],{\"x\":[1,2]}]}";

        assertThat(JsonWriter.compact(JsonReader.read(text))).isEqualTo(text);
    }

    @Test
    void doublesKeepTheirFractionSoTheyReadBackAsDoubles() {
        assertThat(JsonWriter.compact(List.of(12.0, 1000.0, 1.0E-7))).isEqualTo("[12.0,1000.0,1.0E-7]");
    }

    @Test
    void prettyIsTheLayoutReplayJsonHasAlwaysPrinted() {
        String n = System.lineSeparator();
        Object session = new JsonObject().with("id", "s").with("items", List.of()).with("metadata", Map.of());
        Object document = new JsonObject().with("sessions", List.of(session)).with("count", 2);

        assertThat(JsonWriter.pretty(document)).isEqualTo("{" + n
                + "  \"sessions\" : [ {" + n
                + "    \"id\" : \"s\"," + n
                + "    \"items\" : [ ]," + n
                + "    \"metadata\" : { }" + n
                + "  } ]," + n
                + "  \"count\" : 2" + n
                + "}");
    }
}
