package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JsonOutTest {

    private static String jackson(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
            g.writeString(text);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String ours(String text) {
        JsonOut out = new JsonOut(1);
        out.string(text);
        return out.toString();
    }

    @Test
    void stringsAreSpelledAsJacksonSpellsThem() throws IOException {
        String every = IntStream.range(0, 0x10000)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (String text : new String[] {"", "plain ascii", "quote \" backslash \\ slash /", "tab\tnew\nline\r",
                "\b\f\u0000\u001f\u007f", "héllo wörld – “quotes” €", "emoji 😀 and 𝄞", "\u2028\u2029", every}) {
            assertThat(ours(text)).isEqualTo(jackson(text));
        }
    }

    @Test
    void surrogatesAreEscapedSoALoneOneCannotFailTheBatch() throws IOException {
        for (String text : new String[] {"a\uD83Db", "end\uDE00", "\uD83D"}) {
            assertThat(ours(text)).isEqualTo(jackson(text));
        }
        assertThat(ours("a\uD83Db")).isEqualTo("\"a\\uD83Db\"");
    }

    @Test
    void aPlainStringWithoutKeysIsSpelledInOnePassAndAnythingElseIsLeftToTheLongWay() {
        Redactor redactor = new Redactor(List.of("token", "pw", "k"));
        long[] pairs = redactor.keyStartPairs();
        Random random = new Random(5);
        String alphabet = "abcdefghijlmnoqrsuvwxyzTOKENPW \"\\\n=:é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            JsonOut out = new JsonOut(8);
            out.raw((byte) '[');

            boolean written = out.plainStringWithoutKeys(t, pairs);

            boolean plain = t.chars().allMatch(c -> c >= 0x20 && c < 128 && c != '"' && c != '\\');
            if (written) {
                assertThat(out.toString()).isEqualTo("[" + ours(t));
                assertThat(redactor.mentionsKey(t)).isFalse();
            } else { // a key, a pair that may start one, or not plain: nothing written
                assertThat(out.toString()).isEqualTo("[");
            }
            if (redactor.mentionsKey(t) || !plain) {
                assertThat(written).as(t).isFalse();
            }
        }
        JsonOut out = new JsonOut(8);
        assertThat(out.plainStringWithoutKeys("Draft for SUP-123: Hello Acme Corp, we are on it.", pairs)).isTrue();
        assertThat(out.plainStringWithoutKeys("the token is", pairs)).isFalse();
        assertThat(out.plainStringWithoutKeys("ok", pairs)).isFalse(); // ends with a one-char key
        assertThat(out.toString()).isEqualTo("\"Draft for SUP-123: Hello Acme Corp, we are on it.\"");
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(ours(null)).isEqualTo("null");
    }

    @Test
    void numbersAreDecimal() {
        for (long n : new long[] {0, 7, -7, 10, 99, 100, 123_456_789, Long.MAX_VALUE, Long.MIN_VALUE}) {
            JsonOut out = new JsonOut(1);
            out.number(n);
            assertThat(out.toString()).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void numbersOfEveryLengthAndAroundEveryPowerOfTenReadAsLongToString() {
        Random random = new Random(17);
        JsonOut out = new JsonOut(1);
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10 * 10; power = power > Long.MAX_VALUE / 10 ? -1 : power * 10) {
            for (long n : new long[] {power - 1, power, power + 1, -power, -(power - 1), Integer.MAX_VALUE, Integer.MAX_VALUE + 1L}) {
                out.reset();
                out.number(n);
                assertThat(out.toString()).isEqualTo(Long.toString(n));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong() >> random.nextInt(64);
            out.reset();
            out.number(n);
            assertThat(out.toString()).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void sixDigitsKeepLeadingZeros() {
        byte[] b = new byte[6];
        for (int value = 0; value < 1_000_000; value++) {
            JsonOut.sixDigits(b, 0, value);
            if (!new String(b, StandardCharsets.US_ASCII).equals(String.format("%06d", value))) {
                assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo(String.format("%06d", value));
            }
        }
    }

    @Test
    void thousandthsReadAsDoubleToStringBelowTenMillion() {
        for (long v : new long[] {0, 1, 9, 10, 100, 999, 1000, 1500, 1234, 1230, 1200, 42_017, 9_999_999_999L}) {
            JsonOut out = new JsonOut(1);
            out.thousandths(v);
            assertThat(out.toString()).isEqualTo(Double.toString(v / 1000.0));
        }
        JsonOut big = new JsonOut(1);
        big.thousandths(12_345_678_901_234L);
        assertThat(big.toString()).isEqualTo("12345678901.234"); // never 1.2345678901234E10
    }

    @Test
    void fieldsGetCommasExceptFirstInTheirObject() throws IOException {
        JsonOut out = new JsonOut(1);
        out.startObject();
        out.field(JsonOut.name("a"));
        out.number(1);
        out.field("b\"c");
        out.startObject();
        out.field("d");
        out.string("e");
        out.endObject();
        out.field(JsonOut.name("f"));
        out.startObject();
        out.endObject();
        out.endObject();

        assertThat(out.toString()).isEqualTo("{\"a\":1,\"b\\\"c\":{\"d\":\"e\"},\"f\":{}}");
        assertThat(new ObjectMapper().readTree(out.toByteArray()).get("b\"c").get("d").asText()).isEqualTo("e");
    }

    @Test
    void theBufferGrowsAsNeeded() {
        JsonOut out = new JsonOut(1);
        String long1 = "x".repeat(100_000);
        out.string(long1);
        out.string(long1);
        assertThat(out.size()).isEqualTo(200_004);
        out.reset();
        assertThat(out.size()).isZero();
    }

    @Test
    void aNullFieldNameIsSpelledAsTheStringNullAndTruncateDropsTheTail() {
        JsonOut out = new JsonOut(1);
        out.startObject();
        int mark = out.size();
        out.field((String) null);
        out.string("v");
        out.endObject();
        assertThat(out.toString()).isEqualTo("{\"null\":\"v\"}");

        out.truncate(mark);
        out.endObject();
        assertThat(out.toString()).isEqualTo("{}");
    }
}
