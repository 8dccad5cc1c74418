package sh.ratri.agent.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class PricingTest {

    /** For other packages' tests: the pricing a file with {@code json} would give. */
    public static Pricing pricing(String json) throws Exception {
        return Pricing.parse("test.json", json);
    }

    @Test
    void theLongestMatchingPatternPricesAModel() throws Exception {
        Pricing pricing = pricing("{\"models\": {\"gpt-4o*\": {\"inputPerMillion\": 2.5, \"outputPerMillion\": 10},"
                + " \"gpt-4o-mini*\": {\"inputPerMillion\": 0.15, \"outputPerMillion\": 0.6}, \"*\": "
                + "{\"inputPerMillion\": 1, \"outputPerMillion\": 1}}}");

        assertThat(pricing.priceOf("gpt-4o-mini-2024-07-18").pattern()).isEqualTo("gpt-4o-mini*");
        assertThat(pricing.priceOf("gpt-4o-2024-08-06").pattern()).isEqualTo("gpt-4o*");
        assertThat(pricing.priceOf("claude-sonnet-4").pattern()).isEqualTo("*");
    }

    @Test
    void costCountsCachedTokensAtTheCachedPriceElseAtTheInputPrice() throws Exception {
        Pricing withCached = pricing("{\"models\": {\"m\": {\"inputPerMillion\": 3, \"outputPerMillion\": 15, "
                + "\"cachedInputPerMillion\": 0.3}}}");
        Pricing withoutCached = pricing("{\"models\": {\"m\": {\"inputPerMillion\": 3, \"outputPerMillion\": 15}}}");

        // ((1000 − 600) × 3 + 600 × 0.3 + 200 × 15) / 10^6
        assertThat(withCached.costUsd("m", 1000, 200, 600)).isCloseTo(0.00438, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withoutCached.costUsd("m", 1000, 200, 600)).isCloseTo(0.006, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withCached.costUsd("other", 1000, 200, 0)).isNaN();
        assertThat(withCached.costUsd("m", -1, -1, -1)).isNaN();
    }

    @Test
    void aBadFileCostsOneLineNamingTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"models\": {\"gpt-4o\": {\"inputPerMillion\": \"cheap\", \"outputPerMillion\": 1}}}");
        List<String> problems = new ArrayList<>();

        assertThat(Pricing.load(file.toString(), problems::add)).isSameAs(Pricing.NONE);
        assertThat(Pricing.load(dir.resolve("missing.json").toString(), problems::add)).isSameAs(Pricing.NONE);

        assertThat(problems).containsExactly(
                "ratri: pricing " + file + ": field models.gpt-4o.inputPerMillion: must be a number, 0 or more;"
                        + " no costs are computed",
                "ratri: pricing " + dir.resolve("missing.json") + ": no such file; no costs are computed");
    }

    @Test
    void aYamlFilePricesAsTheJsonOneDoesAndABrokenOneIsNamedByLine(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("prices.yaml");
        Files.writeString(yaml, """
                # USD per million tokens
                models:
                  "gpt-4o*": {inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25}
                  "*":
                    inputPerMillion: 1
                    outputPerMillion: 2
                """);
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "models:\n  m: {inputPerMillion: 1, outputPerMillion\n");
        List<String> problems = new ArrayList<>();

        Pricing pricing = Pricing.load(yaml.toString(), problems::add);
        assertThat(pricing.priceOf("gpt-4o-2024-08-06").pattern()).isEqualTo("gpt-4o*");
        // ((1000 − 600) × 2.5 + 600 × 1.25 + 200 × 10) / 10^6
        assertThat(pricing.costUsd("gpt-4o", 1000, 200, 600)).isCloseTo(0.00375, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(pricing.costUsd("claude", 1000, 200, 0)).isCloseTo(0.0014, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Pricing.load(broken.toString(), problems::add)).isSameAs(Pricing.NONE);

        assertThat(problems).singleElement().asString()
                .startsWith("ratri: pricing " + broken + ": line 3, column 1: ")
                .endsWith("; no costs are computed");
    }

    @Test
    void noSettingIsNoPricingAndNoLine() {
        List<String> problems = new ArrayList<>();
        assertThat(Pricing.load("", problems::add)).isSameAs(Pricing.NONE);
        assertThat(problems).isEmpty();
    }
}
