package sh.ratri.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sinks a user may name in {@code exporter=}: the one list that config validation and the sink
 * factory ({@code export.sink.Sinks}) both read, whose exhaustive switch fails to compile until a
 * new name here has a sink.
 */
public enum SinkName {
    JSONL, HTTP, OTLP, CONSOLE, NONE;

    /** As written in {@code exporter=} and in messages: {@code jsonl}, not {@code JsonlSink}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SinkName of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Every name, in declaration order. */
    public static List<String> wires() {
        List<String> wires = new ArrayList<>();
        for (SinkName name : values()) {
            wires.add(name.wire());
        }
        return wires;
    }
}
