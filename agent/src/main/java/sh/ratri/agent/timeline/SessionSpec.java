package sh.ratri.agent.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code @Session} says about a method: kind, input summary and metadata pairs. */
public final class SessionSpec {

    /** The session opened for a run, step or tool entered with no session. */
    public static final SessionSpec IMPLICIT = new SessionSpec(Template.constant("implicit"),
            Template.constant(""), List.of());

    private final Templates values;

    public SessionSpec(Template kind, Template inputSummary, List<KeyValue> metadata) {
        this.values = Templates.withPairs(List.of(kind, inputSummary), metadata);
    }

    String[] render(Object[] arguments, int maxChars) {
        return values.render(arguments, maxChars);
    }

    boolean needsArguments() {
        return !values.isConstant();
    }

    public static String kind(String[] values) {
        return values[0];
    }

    public static String inputSummary(String[] values) {
        return values[1];
    }

    public static Map<String, String> metadata(String[] values) {
        return KeyValue.pairs(values, 2);
    }

    /** A {@code key=value} member such as {@code "ticketId={ticketId}"}. */
    public record KeyValue(String key, Template value) {

        /** Splits {@code key=value}; a member without {@code =} is a key with an empty value. */
        public static KeyValue parse(String member, TemplateParser parser) {
            int eq = member.indexOf('=');
            String key = eq < 0 ? member.trim() : member.substring(0, eq).trim();
            String value = eq < 0 ? "" : member.substring(eq + 1).trim();
            return new KeyValue(key, parser.parse(value));
        }

        static Map<String, String> pairs(String[] values, int from) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = from; i + 1 < values.length; i += 2) {
                out.put(values[i], values[i + 1]);
            }
            return out;
        }
    }

    /** Parses one template in the context of its method (parameter names, problem reporting). */
    @FunctionalInterface
    public interface TemplateParser {
        Template parse(String text);
    }
}
