package sh.ratri.agent.weave;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void camelCaseBecomesKebabCase() {
        assertThat(Names.kebab("triageTicket")).isEqualTo("triage-ticket");
        assertThat(Names.kebab("composeCustomerReply")).isEqualTo("compose-customer-reply");
    }

    @Test
    void acronymIsOneWord() {
        assertThat(Names.kebab("parseHTTPHeader")).isEqualTo("parse-http-header");
        assertThat(Names.kebab("toJSON")).isEqualTo("to-json");
        assertThat(Names.kebab("HTTPClient")).isEqualTo("http-client");
    }

    @Test
    void singleWordStaysAsItIs() {
        assertThat(Names.kebab("run")).isEqualTo("run");
        assertThat(Names.kebab("")).isEmpty();
    }

    @Test
    void digitsEndAWord() {
        assertThat(Names.kebab("step2Review")).isEqualTo("step2-review");
    }

    @Test
    void underscoresAndDollarsBecomeOneHyphen() {
        assertThat(Names.kebab("lambda$run$0")).isEqualTo("lambda-run-0");
        assertThat(Names.kebab("SNAKE__CASE")).isEqualTo("snake-case");
        assertThat(Names.kebab("_leading")).isEqualTo("leading");
    }

    @Test
    void humanisedNameIsSentenceCase() {
        assertThat(Names.humanise("triageTicket")).isEqualTo("Triage ticket");
        assertThat(Names.humanise("parseHTTPHeader")).isEqualTo("Parse http header");
        assertThat(Names.humanise("run")).isEqualTo("Run");
        assertThat(Names.humanise("")).isEmpty();
    }
}
