package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.timeline.StepSpec;
import sh.ratri.agent.timeline.Template;

class SpecBytesTest {

    private static final UnaryOperator<String> AS_IS = value -> value;
    private static final byte[] FIELD = JsonOut.name("f");

    private final StepSpec spec = new StepSpec(Template.constant("k"), Template.constant("n"), -1);
    private final EventJson writer = writer();

    private static EventJson writer() {
        return new EventJson("a", "A", "monitor", Clock.now(), new IdFormat(0), new Redactor(List.of("secret")), 512);
    }

    private static String text(byte[] encoded) {
        return new String(encoded, StandardCharsets.UTF_8);
    }

    @Test
    void aConstantMemberIsEncodedOnceAsShownAndKeptOnTheSpec() {
        SpecBytes bytes = SpecBytes.of(spec, writer);
        String key = "triage \"first\"";

        byte[] first = bytes.encoded(0, FIELD, key, value -> value.toUpperCase());

        assertThat(text(first)).isEqualTo("\"f\":\"TRIAGE \\\"FIRST\\\"\"");
        assertThat(SpecBytes.of(spec, writer)).isSameAs(bytes);
        assertThat(SpecBytes.of(spec, writer).encoded(0, FIELD, key, AS_IS)).isSameAs(first);
    }

    @Test
    void aMemberThatBringsAnotherStringIsSpelledByTheCallerFromThenOnAndNothingIsKeptForIt() {
        SpecBytes bytes = SpecBytes.of(spec, writer);
        String first = "T-1";

        assertThat(bytes.encoded(1, FIELD, first, AS_IS)).isNotNull();
        assertThat(bytes.encoded(1, FIELD, new String("T-1"), AS_IS)).isNull();
        assertThat(bytes.encoded(1, FIELD, first, AS_IS)).isNull();
        assertThat(bytes.encoded(1, FIELD, "T-2", AS_IS)).isNull();
        assertThat(bytes.encoded(2, FIELD, "other member", AS_IS)).isNotNull();
        assertThat(bytes.encoded(3, FIELD, null, AS_IS)).isNull();
        String constant = "c";
        assertThat(bytes.encoded(4, FIELD, constant, AS_IS)).isNotNull();
        assertThat(bytes.encoded(4, JsonOut.name("g"), constant, AS_IS)).isNull(); // another field: spelled too
    }

    @Test
    void anotherWriterReplacesTheBytesSoNoneAreCopiedUnderAnotherConfig() {
        SpecBytes mine = SpecBytes.of(spec, writer);
        mine.encoded(0, FIELD, "k", AS_IS);
        EventJson other = writer();

        SpecBytes theirs = SpecBytes.of(spec, other);

        assertThat(theirs).isNotSameAs(mine);
        assertThat(spec.exportBytes()).isSameAs(theirs);
        assertThat(SpecBytes.of(spec, writer)).isNotSameAs(mine).isNotSameAs(theirs);
    }
}
