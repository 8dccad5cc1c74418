package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedNamesTest {

    private static EncodedNames unframed(int capacity) {
        return new EncodedNames(capacity, new byte[0], new byte[0]);
    }

    private static String text(byte[] encoded) {
        return new String(encoded, StandardCharsets.UTF_8);
    }

    @Test
    void aNameIsEncodedAsAnEscapedJsonStringOnceAndThenCopied() {
        EncodedNames names = unframed(4);
        String name = "pool-1 \"worker\" é";

        byte[] first = names.encoded(name);

        assertThat(text(first)).isEqualTo("\"pool-1 \\\"worker\\\" é\"");
        assertThat(names.encoded(name)).isSameAs(first);
    }

    @Test
    void aFramedNameIsCopiedWithItsFrameInOneRun() {
        EncodedNames names = new EncodedNames(4, "[\"t\":".getBytes(StandardCharsets.US_ASCII),
                ",x".getBytes(StandardCharsets.US_ASCII));

        assertThat(text(names.encoded("a\tb"))).isEqualTo("[\"t\":\"a\\tb\",x");
    }

    @Test
    void anEqualButOtherStringAndEvictedNamesAreEncodedAgainCorrectly() {
        EncodedNames names = unframed(2);
        String[] many = new String[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = "worker-" + i;
        }
        for (int round = 0; round < 3; round++) {
            for (String name : many) {
                assertThat(text(names.encoded(name))).isEqualTo('"' + name + '"');
            }
        }
        assertThat(text(names.encoded(new String("worker-7")))).isEqualTo("\"worker-7\"");
    }

    @Test
    void theTableHoldsAtMostItsCapacity() {
        assertThatThrownBy(() -> unframed(3)).isInstanceOf(IllegalArgumentException.class);
        EncodedNames names = unframed(8);
        for (int i = 0; i < 10_000; i++) {
            names.encoded("thread-" + i);
        }
        assertThat(names.held()).isLessThanOrEqualTo(8);
    }
}
