package sh.ratri.agent.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    private static JsonObject read(String text) throws IOException {
        return (JsonObject) JsonReader.read(text);
    }

    @Test
    void textIsNullOnlyForAbsentOrNullFields() throws IOException {
        JsonObject object = read("{\"s\":\"x\",\"i\":7,\"d\":1.5,\"b\":false,\"n\":null,\"o\":{\"a\":[1,\"2\"]}}");

        assertThat(object.text("s")).isEqualTo("x");
        assertThat(object.text("i")).isEqualTo("7");
        assertThat(object.text("d")).isEqualTo("1.5");
        assertThat(object.text("b")).isEqualTo("false");
        assertThat(object.text("o")).isEqualTo("{\"a\":[1,\"2\"]}");
        assertThat(object.text("n")).isNull();
        assertThat(object.text("missing")).isNull();
        assertThat(JsonObject.textOf(null)).isEqualTo("null");
    }

    @Test
    void objectOfAnotherTypeReadsAsEmpty() throws IOException {
        JsonObject object = read("{\"agent\":\"text\",\"tool\":{\"name\":\"t\"}}");

        assertThat(object.object("tool").text("name")).isEqualTo("t");
        assertThat(object.object("agent")).isEmpty();
        assertThat(object.object("missing").text("name")).isNull();
    }

    @Test
    void numbersAreLenientWhereRecordedFilesDiffer() throws IOException {
        JsonObject object = read("{\"i\":3,\"big\":12345678901,\"d\":2.0,\"s\":\"17\",\"sd\":\"9.9\","
                + "\"t\":true,\"x\":\"no\"}");

        assertThat(object.integer("i")).isEqualTo(3);
        assertThat(object.integer("big")).isNull();
        assertThat(object.integer("d")).isNull();
        assertThat(object.number("i")).isEqualTo(3.0);
        assertThat(object.number("s")).isNull();
        assertThat(object.longValue("d", -1)).isEqualTo(2);
        assertThat(object.longValue("s", -1)).isEqualTo(17);
        assertThat(object.longValue("sd", -1)).isEqualTo(9);
        assertThat(object.longValue("t", -1)).isEqualTo(1);
        assertThat(object.longValue("x", -1)).isEqualTo(-1);
        assertThat(object.longValue("missing", -1)).isEqualTo(-1);
    }
}
