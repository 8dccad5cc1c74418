package sh.ratri.agent.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.json.YamlText;
import sh.ratri.agent.policy.Glob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@code pricing} file: USD per million input, output and cached input tokens, by model name
 * glob; the longest pattern that matches a model prices it. No price is built in (they go stale).
 *
 * <pre>{"models": {"gpt-4o*": {"inputPerMillion": 2.5, "outputPerMillion": 10, "cachedInputPerMillion": 1.25}}}</pre>
 *
 * Asked on application threads when a model call ends: a model's price is looked up once and kept.
 */
public final class Pricing {

    public static final Pricing NONE = new Pricing(List.of());

    private static final int MAX_REMEMBERED_MODELS = 1024;
    private static final Price UNPRICED = new Price("", Double.NaN, Double.NaN, null);

    private final List<Price> longestFirst;
    private final Map<String, Price> byModel = new ConcurrentHashMap<>();

    private Pricing(List<Price> prices) {
        List<Price> sorted = new ArrayList<>(prices);
        sorted.sort(new LongestPatternFirst());
        this.longestFirst = List.copyOf(sorted);
    }

    /**
     * A named class, not {@code Comparator.comparingInt(…).reversed()}: {@link #NONE} is made at
     * premain, where that chain's lambdas spin method handles (~2 ms).
     */
    private static final class LongestPatternFirst implements Comparator<Price> {
        @Override
        public int compare(Price a, Price b) {
            return Integer.compare(b.pattern().length(), a.pattern().length());
        }
    }

    /** One price line of the file. {@code cachedInputPerMillion} null: cached tokens cost as input. */
    public record Price(String pattern, double inputPerMillion, double outputPerMillion, Double cachedInputPerMillion) {
    }

    /** The file {@code path} names, or {@link #NONE} when unset; a bad file costs one line on {@code problems}. */
    public static Pricing load(String path, Consumer<String> problems) {
        if (path == null || path.isBlank()) {
            return NONE;
        }
        String file = path.trim();
        try {
            return parse(file, Files.readString(Path.of(file)));
        } catch (NoSuchFileException e) {
            problems.accept("ratri: pricing " + file + ": no such file; no costs are computed");
        } catch (IOException | RuntimeException e) {
            problems.accept("ratri: pricing " + file + ": cannot be read (" + e + "); no costs are computed");
        } catch (PricingFileException e) {
            problems.accept("ratri: pricing " + file + ": " + e.getMessage() + "; no costs are computed");
        }
        return NONE;
    }

    /** {@code source} names the file in messages. */
    static Pricing parse(String source, String json) throws PricingFileException {
        boolean yaml = YamlText.isYaml(source);
        Object root;
        try {
            root = yaml ? YamlText.read(json) : JsonReader.read(json);
        } catch (JsonProcessingException e) {
            String marked = yaml ? YamlText.describe(e) : null;
            if (marked != null) {
                throw new PricingFileException(marked);
            }
            JsonLocation at = e.getLocation();
            throw new PricingFileException((at == null ? "" : "line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": ") + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PricingFileException(e.getMessage());
        }
        if (!(root instanceof JsonObject object) || !(object.get("models") instanceof JsonObject models)) {
            throw new PricingFileException("must hold {\"models\": {\"<model glob>\": {\"inputPerMillion\": …, "
                    + "\"outputPerMillion\": …}}}");
        }
        List<Price> prices = new ArrayList<>();
        for (Map.Entry<String, Object> entry : models.entrySet()) {
            String at = "models." + entry.getKey();
            if (!(entry.getValue() instanceof JsonObject rates)) {
                throw new PricingFileException("field " + at + ": must be an object");
            }
            prices.add(new Price(entry.getKey(), rate(rates, "inputPerMillion", at),
                    rate(rates, "outputPerMillion", at),
                    rates.containsKey("cachedInputPerMillion") ? rate(rates, "cachedInputPerMillion", at) : null));
        }
        return new Pricing(prices);
    }

    private static double rate(JsonObject rates, String name, String at) throws PricingFileException {
        Double value = rates.number(name);
        if (value == null || value < 0 || value.isInfinite()) {
            throw new PricingFileException("field " + at + "." + name + ": "
                    + (rates.containsKey(name) ? "must be a number, 0 or more" : "missing (USD per million tokens)"));
        }
        return value;
    }

    /** The price of the longest pattern matching {@code model}; null when none does. */
    public Price priceOf(String model) {
        if (model == null || longestFirst.isEmpty()) {
            return null;
        }
        Price known = byModel.get(model);
        if (known == null) {
            known = UNPRICED;
            for (Price price : longestFirst) {
                if (new Glob(price.pattern()).matches(model)) {
                    known = price;
                    break;
                }
            }
            if (byModel.size() < MAX_REMEMBERED_MODELS) {
                byModel.put(model, known);
            }
        }
        return known == UNPRICED ? null : known;
    }

    /**
     * ((input − cached) × input price + cached × (cached price, else input price) + output × output
     * price) / 10^6; {@code NaN} when the model has no price or neither token count is known.
     * Counts below 0 mean unknown and count as none.
     */
    public double costUsd(String model, long inputTokens, long outputTokens, long cachedInputTokens) {
        Price price = priceOf(model);
        if (price == null || (inputTokens < 0 && outputTokens < 0)) {
            return Double.NaN;
        }
        long input = Math.max(0, inputTokens);
        long cached = Math.min(input, Math.max(0, cachedInputTokens));
        double cachedRate = price.cachedInputPerMillion() != null ? price.cachedInputPerMillion() : price.inputPerMillion();
        return ((input - cached) * price.inputPerMillion() + cached * cachedRate
                + Math.max(0, outputTokens) * price.outputPerMillion()) / 1_000_000d;
    }

    static final class PricingFileException extends Exception {
        private static final long serialVersionUID = 1L;

        PricingFileException(String message) {
            super(message, null, false, false);
        }
    }
}
