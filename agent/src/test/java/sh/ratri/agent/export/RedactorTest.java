package sh.ratri.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor =
            new Redactor(List.of("password", "secret", "token", "apiKey", "authorization"));

    @Test
    void valueAfterKeyEqualsIsRedacted() {
        assertThat(redactor.text("token=abc")).isEqualTo("token=[REDACTED]");
        assertThat(redactor.text("user=bob&token=abc&page=2")).isEqualTo("user=bob&token=[REDACTED]&page=2");
    }

    @Test
    void quotedJsonValueIsRedacted() {
        assertThat(redactor.text("{\"apiKey\": \"x\", \"user\": \"bob\"}"))
                .isEqualTo("{\"apiKey\": \"[REDACTED]\", \"user\": \"bob\"}");
    }

    @Test
    void valueAfterKeyColonIsRedacted() {
        assertThat(redactor.text("password: y")).isEqualTo("password: [REDACTED]");
    }

    @Test
    void keysMatchCaseInsensitively() {
        assertThat(redactor.text("TOKEN=abc")).isEqualTo("TOKEN=[REDACTED]");
        assertThat(redactor.text("ApiKey=abc")).isEqualTo("ApiKey=[REDACTED]");
        assertThat(redactor.text("PASSWORD: y")).isEqualTo("PASSWORD: [REDACTED]");
    }

    @Test
    void keysThatContainASecretWordAreRedacted() {
        assertThat(redactor.text("accessToken=abc")).isEqualTo("accessToken=[REDACTED]");
        assertThat(redactor.text("db.password=hunter2")).isEqualTo("db.password=[REDACTED]");
        assertThat(redactor.text("client_secret: s3")).isEqualTo("client_secret: [REDACTED]");
    }

    @Test
    void everyOccurrenceIsRedacted() {
        assertThat(redactor.text("{password=a, user=b, token=c}"))
                .isEqualTo("{password=[REDACTED], user=b, token=[REDACTED]}");
    }

    @Test
    void textWithoutSecretsIsReturnedAsItIs() {
        String text = "Handle ticket T-42 for bob";

        assertThat(redactor.text(text)).isSameAs(text);
        assertThat(redactor.text(null)).isNull();
    }

    @Test
    void secretWordWithoutAValueIsLeftAlone() {
        assertThat(redactor.text("reset your password now")).isEqualTo("reset your password now");
    }

    @Test
    void bearerCredentialIsRedactedWhole() {
        assertThat(redactor.text("Authorization: Bearer sk-live-123")).doesNotContain("sk-live-123");
        assertThat(redactor.text("authorization=Basic dXNlcjpwYXNz")).doesNotContain("dXNlcjpwYXNz");
    }

    @Test
    void quotedValueWithSpacesIsRedactedWhole() {
        assertThat(redactor.text("{\"password\": \"correct horse battery\", \"user\": \"bob\"}"))
                .isEqualTo("{\"password\": \"[REDACTED]\", \"user\": \"bob\"}");
    }

    @Test
    void quotedValueCutOffByTruncationIsRedactedToTheEnd() {
        assertThat(redactor.text("{\"token\": \"abc def")).isEqualTo("{\"token\": \"[REDACTED]\"");
    }

    @Test
    void mapKeysNamingASecretMatchCaseInsensitively() {
        assertThat(redactor.isSecretKey("apiKey")).isTrue();
        assertThat(redactor.isSecretKey("APIKEY")).isTrue();
        assertThat(redactor.isSecretKey("X-Authorization")).isTrue();
        assertThat(redactor.isSecretKey("refreshToken")).isTrue();
        assertThat(redactor.isSecretKey("ticketId")).isFalse();
    }

    @Test
    void configuredKeysReplaceTheDefaults() {
        Redactor custom = new Redactor(List.of("PIN"));

        assertThat(custom.text("pin=1234 token=abc")).isEqualTo("pin=[REDACTED] token=abc");
        assertThat(custom.isSecretKey("cardPin")).isTrue();
    }

    @Test
    void noKeysRedactsNothing() {
        Redactor none = new Redactor(List.of());

        assertThat(none.text("password=x")).isEqualTo("password=x");
        assertThat(none.isSecretKey("password")).isFalse();
    }

    @Test
    void keysWithRegexCharactersAreTakenLiterally() {
        Redactor custom = new Redactor(List.of("a.b"));

        assertThat(custom.text("axb=1 a.b=2")).isEqualTo("axb=1 a.b=[REDACTED]");
    }

    @Test
    void nonAsciiKeysStillRedact() {
        Redactor unicode = new Redactor(List.of("clé"));
        assertThat(unicode.text("la clé=abc")).isEqualTo("la clé=[REDACTED]");
    }

    @Test
    void theKeyPreCheckFollowsTheKeysCase() {
        assertThat(redactor.text("Authorization: abc")).isEqualTo("Authorization: [REDACTED]");
        assertThat(redactor.text("APIKEY=abc")).isEqualTo("APIKEY=[REDACTED]");
    }

    @Test
    void aLongQuotedSecretIsRedactedWithoutDeepRecursion() {
        // capture.maxChars allows summaries of up to a million chars; the old pattern overflowed the stack at ~10k
        String value = "x".repeat(200_000);

        assertThat(redactor.text("token=\"" + value + "\" and more")).isEqualTo("token=\"[REDACTED]\" and more");
    }

    @Test
    void thePreCheckFindsAKeyExactlyWhenTheTextContainsOneIgnoringAsciiCase() {
        List<String> keys = List.of("password", "secret", "token", "apiKey", "authorization", "x");
        Redactor withOneCharKey = new Redactor(keys);
        Random random = new Random(17);
        String alphabet = "aApPiIkKeEyYsStToOxXnN =:\"é\u00ff";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                String key = keys.get(random.nextInt(keys.size()));
                text.append(random.nextInt(4) == 0 ? key.substring(0, Math.min(key.length(), 1 + random.nextInt(2)))
                        : random.nextInt(8) == 0 ? key.toUpperCase(Locale.ROOT)
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String lower = text.toString().toLowerCase(Locale.ROOT);
            boolean contains = keys.stream().anyMatch(k -> lower.contains(k.toLowerCase(Locale.ROOT)));
            assertThat(withOneCharKey.mentionsKey(text.toString())).as(text.toString()).isEqualTo(contains);
            assertThat(redactor.mentionsKey(text.toString())).as(text.toString())
                    .isEqualTo(keys.stream().limit(5).anyMatch(k -> lower.contains(k.toLowerCase(Locale.ROOT))));
        }
    }

    @Test
    void aKeyAtTheVeryEndOrStartOfTheTextIsSeen() {
        Redactor single = new Redactor(List.of("k"));
        assertThat(single.mentionsKey("ab K")).isTrue();
        assertThat(single.mentionsKey("k")).isTrue();
        assertThat(single.mentionsKey("ab")).isFalse();
        assertThat(redactor.mentionsKey("TOKEN")).isTrue();
        assertThat(redactor.mentionsKey("my tokeN")).isTrue();
        assertThat(redactor.mentionsKey("my toke")).isFalse();
        assertThat(redactor.mentionsKey("")).isFalse();
    }
}
