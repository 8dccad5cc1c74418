package sh.ratri.agent.timeline;

import java.util.function.Function;

/** A {@code key=value} member such as {@code "ticketId={ticketId}"}: a constant key and a value template. */
public record KeyValue(String key, Template value) {

    /** Splits {@code key=value}; a member without {@code =} is a key with an empty value. */
    public static KeyValue parse(String member, Function<String, Template> parser) {
        int eq = member.indexOf('=');
        String key = eq < 0 ? member.trim() : member.substring(0, eq).trim();
        String value = eq < 0 ? "" : member.substring(eq + 1).trim();
        return new KeyValue(key, parser.apply(value));
    }
}
