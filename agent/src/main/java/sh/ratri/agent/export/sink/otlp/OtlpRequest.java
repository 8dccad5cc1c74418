package sh.ratri.agent.export.sink.otlp;

import java.util.List;
import sh.ratri.agent.json.JsonObject;

/**
 * An OTLP/JSON {@code ExportTraceServiceRequest} for one JVM: its resource ({@code service.name} =
 * the agent key) and one instrumentation scope holding the spans.
 */
public final class OtlpRequest {

    private final String serviceName;
    private final String agentName;
    private final String version;

    public OtlpRequest(String serviceName, String agentName, String version) {
        this.serviceName = serviceName;
        this.agentName = agentName;
        this.version = version;
    }

    /** {@code {"resourceSpans":[{"resource":…,"scopeSpans":[{"scope":…,"spans":[…]}]}]}}. */
    public JsonObject build(List<JsonObject> spans) {
        List<JsonObject> resource = List.of(
                attribute("service.name", serviceName),
                attribute("ratri.agent.name", agentName),
                attribute("telemetry.sdk.name", "ratri-agent"),
                attribute("telemetry.sdk.language", "java"),
                attribute("telemetry.sdk.version", version));
        JsonObject scopeSpans = new JsonObject()
                .with("scope", new JsonObject().with("name", "sh.ratri.agent").with("version", version))
                .with("spans", spans);
        return new JsonObject().with("resourceSpans", List.of(new JsonObject()
                .with("resource", new JsonObject().with("attributes", resource))
                .with("scopeSpans", List.of(scopeSpans))));
    }

    private static JsonObject attribute(String key, String value) {
        return new JsonObject().with("key", key).with("value", new JsonObject().with("stringValue", value));
    }
}
