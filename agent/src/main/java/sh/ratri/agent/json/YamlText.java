package sh.ratri.agent.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads a configuration file written in YAML (capabilities, approvals, pricing) into the values
 * {@link JsonReader} gives for JSON, so one reader checks both. Loaded only when such a file is
 * configured: SnakeYAML costs nothing to a JVM that uses JSON files or none.
 */
public final class YamlText {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlText() {
    }

    /** A source read as YAML: its name ends in {@code .yaml} or {@code .yml}. */
    public static boolean isYaml(String source) {
        String name = source.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    public static Object read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return JsonReader.read(parser);
        }
    }

    /**
     * Where and what, in one line, when SnakeYAML marked the spot; else null. Its own message spans
     * several lines and quotes the document, so the line and column come from its mark and the
     * words from its problem.
     */
    public static String describe(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark at = marked.getProblemMark();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
                return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + marked.getProblem()
                        + context;
            }
        }
        return null;
    }
}
