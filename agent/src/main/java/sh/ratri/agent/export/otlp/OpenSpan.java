package sh.ratri.agent.export.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A span being built in OTLP/JSON form: attributes, span events and links gather until it ends. */
final class OpenSpan {

    static final int STATUS_ERROR = 2;
    private static final int KIND_INTERNAL = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode span = NODES.objectNode();
    private final ArrayNode attributes;
    private ArrayNode events;
    private ArrayNode links;
    final String traceId;
    final String spanId;

    OpenSpan(String traceId, String spanId, String parentSpanId, String name, long startNanos) {
        this.traceId = traceId;
        this.spanId = spanId;
        span.put("traceId", traceId);
        span.put("spanId", spanId);
        if (parentSpanId != null) {
            span.put("parentSpanId", parentSpanId);
        }
        span.put("name", name);
        span.put("kind", KIND_INTERNAL);
        // OTLP/JSON spells 64-bit integers as strings
        span.put("startTimeUnixNano", Long.toString(startNanos));
        attributes = span.putArray("attributes");
    }

    OpenSpan attribute(String key, String value) {
        if (value != null) {
            add(attributes, key, value);
        }
        return this;
    }

    OpenSpan attribute(String key, long value) {
        ObjectNode kv = attributes.addObject();
        kv.put("key", key);
        kv.putObject("value").put("intValue", Long.toString(value));
        return this;
    }

    OpenSpan attribute(String key, boolean value) {
        ObjectNode kv = attributes.addObject();
        kv.put("key", key);
        kv.putObject("value").put("boolValue", value);
        return this;
    }

    /** A span event; {@code keyValues} alternate key and value, null values are left out. */
    void event(String name, long timeNanos, String... keyValues) {
        if (events == null) {
            events = span.putArray("events");
        }
        ObjectNode event = events.addObject();
        event.put("timeUnixNano", Long.toString(timeNanos));
        event.put("name", name);
        pairs(event.putArray("attributes"), keyValues);
    }

    void link(String linkedTraceId, String linkedSpanId, String... keyValues) {
        if (links == null) {
            links = span.putArray("links");
        }
        ObjectNode link = links.addObject();
        link.put("traceId", linkedTraceId);
        link.put("spanId", linkedSpanId);
        pairs(link.putArray("attributes"), keyValues);
    }

    void error(String message) {
        ObjectNode status = span.putObject("status");
        status.put("code", STATUS_ERROR);
        status.put("message", message);
    }

    ObjectNode end(long endNanos) {
        span.put("endTimeUnixNano", Long.toString(endNanos));
        return span;
    }

    private static void pairs(ArrayNode into, String... keyValues) {
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                add(into, keyValues[i], keyValues[i + 1]);
            }
        }
    }

    private static void add(ArrayNode into, String key, String value) {
        ObjectNode kv = into.addObject();
        kv.put("key", key);
        kv.putObject("value").put("stringValue", value);
    }
}
