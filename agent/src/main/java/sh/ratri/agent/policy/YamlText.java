package sh.ratri.agent.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import sh.ratri.agent.json.JsonReader;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads a capabilities or approvals file written in YAML into the values {@link JsonReader} gives
 * for JSON, so one reader checks both. Loaded only when such a file is configured: SnakeYAML costs
 * nothing to a JVM that uses JSON or no policy at all.
 */
final class YamlText {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlText() {
    }

    /** A source read as YAML: its name ends in {@code .yaml} or {@code .yml}. */
    static boolean isYaml(String source) {
        String name = source.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static Object read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return JsonReader.read(parser);
        }
    }

    /**
     * Where and what, in one line: SnakeYAML's own message spans several lines and quotes the
     * document, so the line and column come from its mark and the words from its problem.
     */
    static String describe(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark at = marked.getProblemMark();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
                return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + marked.getProblem()
                        + context;
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim();
    }
}
