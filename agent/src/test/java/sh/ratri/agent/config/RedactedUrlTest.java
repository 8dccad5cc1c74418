package sh.ratri.agent.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactedUrlTest {

    @Test
    void userAndPasswordAreReplaced() {
        assertThat(RedactedUrl.of("http://bob:pw@127.0.0.1:4319/v1/events"))
                .isEqualTo("http://[REDACTED]@127.0.0.1:4319/v1/events");
    }

    @Test
    void aPasswordHoldingAnAtSignIsHiddenWhole() {
        assertThat(RedactedUrl.of("https://bob:p@ss@collector.example.com")).isEqualTo("https://[REDACTED]@collector.example.com");
    }

    @Test
    void withoutASchemeEverythingBeforeTheAtSignIsHidden() {
        assertThat(RedactedUrl.of("bob:pw@host:4319")).isEqualTo("[REDACTED]@host:4319");
    }

    @Test
    void aUrlWithoutUserInformationIsUnchanged() {
        assertThat(RedactedUrl.of("https://ratri.example.com/base")).isEqualTo("https://ratri.example.com/base");
    }
}
