package sh.ratri.agent.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void objectsKeepTheirFieldOrderAndTheLastOfARepeatedName() throws IOException {
        JsonObject object = (JsonObject) JsonReader.read("{\"z\":1,\"a\":2,\"m\":3,\"a\":4}");

        assertThat(object.keySet()).containsExactly("z", "a", "m");
        assertThat(object.get("a")).isEqualTo(4);
    }

    @Test
    void numbersReadAsTheSmallestTypeThatHoldsThem() throws IOException {
        Object numbers = JsonReader.read("[1, 12345678901, 123456789012345678901234567890, 1.50, 1e3]");

        assertThat(numbers).isEqualTo(List.of(1, 12345678901L, new BigInteger("123456789012345678901234567890"),
                1.5, 1000.0));
    }

    @Test
    void literalsAndNestingReadAsPlainValues() throws IOException {
        JsonObject object = (JsonObject) JsonReader.read(
                "{\"t\":true,\"f\":false,\"n\":null,\"s\":\"\\u00e9\",\"o\":{\"l\":[]}}");

        assertThat(object).containsEntry("t", true).containsEntry("f", false).containsEntry("n", null)
                .containsEntry("s", "é");
        assertThat(object.object("o").get("l")).isEqualTo(List.of());
    }

    @Test
    void bytesMayBeUtf16AsWellAsUtf8AndAreReadWithinTheirRange() throws IOException {
        byte[] utf16 = "[\"é\"]".getBytes(StandardCharsets.UTF_16BE);
        byte[] utf8 = "xx[\"é\"]yy".getBytes(StandardCharsets.UTF_8);

        assertThat(JsonReader.read(utf16, 0, utf16.length)).isEqualTo(List.of("é"));
        assertThat(JsonReader.read(utf8, 2, utf8.length - 4)).isEqualTo(List.of("é"));
    }

    @Test
    void anythingButWhiteSpaceAfterTheDocumentIsAnError() throws IOException {
        assertThat(JsonReader.read("{\"a\":1}  ")).isEqualTo(new JsonObject().with("a", 1));
        assertThatThrownBy(() -> JsonReader.read("{\"a\":1} {\"b\":2}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonReader.read("{\"a\":1} x")).isInstanceOf(IOException.class);
    }

    @Test
    void emptyOrCutTextIsAnError() {
        for (String text : Arrays.asList("", "   ", "{\"a\":", "[1,", "nope")) {
            assertThatThrownBy(() -> JsonReader.read(text)).as(text).isInstanceOf(IOException.class);
        }
    }
}
