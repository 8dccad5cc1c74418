package sh.ratri.agent.export.sink.otlp;

import java.util.ArrayList;
import java.util.List;
import sh.ratri.agent.json.JsonObject;

/** A span being built in OTLP/JSON form: attributes, span events and links gather until it ends. */
final class OpenSpan {

    static final int STATUS_ERROR = 2;
    private static final int KIND_INTERNAL = 1;

    private final JsonObject span = new JsonObject();
    private final List<JsonObject> attributes = new ArrayList<>();
    private List<JsonObject> events;
    private List<JsonObject> links;
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
        span.put("attributes", attributes);
    }

    OpenSpan attribute(String key, String value) {
        if (value != null) {
            add(attributes, key, value);
        }
        return this;
    }

    OpenSpan attribute(String key, long value) {
        attributes.add(new JsonObject().with("key", key).with("value", new JsonObject()
                .with("intValue", Long.toString(value))));
        return this;
    }

    OpenSpan attribute(String key, double value) {
        attributes.add(new JsonObject().with("key", key).with("value", new JsonObject().with("doubleValue", value)));
        return this;
    }

    /** Names the span anew, when its end knows better than its start (a model call's reply names its model). */
    void rename(String name) {
        span.put("name", name);
    }

    OpenSpan attribute(String key, boolean value) {
        attributes.add(new JsonObject().with("key", key).with("value", new JsonObject().with("boolValue", value)));
        return this;
    }

    /** A span event; {@code keyValues} alternate key and value, null values are left out. */
    void event(String name, long timeNanos, String... keyValues) {
        if (events == null) {
            events = new ArrayList<>();
            span.put("events", events);
        }
        events.add(new JsonObject().with("timeUnixNano", Long.toString(timeNanos)).with("name", name)
                .with("attributes", pairs(keyValues)));
    }

    void link(String linkedTraceId, String linkedSpanId, String... keyValues) {
        if (links == null) {
            links = new ArrayList<>();
            span.put("links", links);
        }
        links.add(new JsonObject().with("traceId", linkedTraceId).with("spanId", linkedSpanId)
                .with("attributes", pairs(keyValues)));
    }

    void error(String message) {
        span.put("status", new JsonObject().with("code", STATUS_ERROR).with("message", message));
    }

    JsonObject end(long endNanos) {
        span.put("endTimeUnixNano", Long.toString(endNanos));
        return span;
    }

    private static List<JsonObject> pairs(String... keyValues) {
        List<JsonObject> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                add(pairs, keyValues[i], keyValues[i + 1]);
            }
        }
        return pairs;
    }

    private static void add(List<JsonObject> into, String key, String value) {
        into.add(new JsonObject().with("key", key).with("value", new JsonObject().with("stringValue", value)));
    }
}
