package sh.ratri.agent.export;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private final Redactor redactor = new Redactor(List.of("password", "secret", "token", "apiKey", "authorization"));

    @Test
    void valueAfterAKeyIsRedactedWhateverTheKeysCase() {
        assertThat(redactor.text("user=bob token=abc123 next")).isEqualTo("user=bob token=[REDACTED] next");
        assertThat(redactor.text("{\"APIKEY\": \"k-1\"}")).isEqualTo("{\"APIKEY\": \"[REDACTED]\"}");
        assertThat(redactor.text("x-Authorization: Bearer")).isEqualTo("x-Authorization: [REDACTED]");
        assertThat(redactor.text("db.Password=hunter2;")).isEqualTo("db.Password=[REDACTED];");
    }

    @Test
    void textWithoutAKeyIsReturnedAsItIs() {
        String text = "Draft for SUP-123: Hello Acme Corp, We are on it right now.";
        assertThat(redactor.text(text)).isSameAs(text);
        assertThat(redactor.text("a token without a value")).isEqualTo("a token without a value");
        assertThat(redactor.text("")).isEmpty();
        assertThat(redactor.text(null)).isNull();
    }

    @Test
    void nonAsciiKeysStillRedact() {
        Redactor unicode = new Redactor(List.of("clé"));
        assertThat(unicode.text("la clé=abc")).isEqualTo("la clé=[REDACTED]");
    }

    @Test
    void secretMapKeysAreRecognisedWhateverTheirCase() {
        assertThat(redactor.isSecretKey("X-Api-Token")).isTrue();
        assertThat(redactor.isSecretKey("ticketId")).isFalse();
    }
}
