package sh.ratri.agent.export.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

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
    public ObjectNode build(List<ObjectNode> spans) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        ObjectNode resourceSpans = request.putArray("resourceSpans").addObject();
        ArrayNode resource = resourceSpans.putObject("resource").putArray("attributes");
        attribute(resource, "service.name", serviceName);
        attribute(resource, "ratri.agent.name", agentName);
        attribute(resource, "telemetry.sdk.name", "ratri-agent");
        attribute(resource, "telemetry.sdk.language", "java");
        attribute(resource, "telemetry.sdk.version", version);
        ObjectNode scopeSpans = resourceSpans.putArray("scopeSpans").addObject();
        scopeSpans.putObject("scope").put("name", "sh.ratri.agent").put("version", version);
        scopeSpans.putArray("spans").addAll(spans);
        return request;
    }

    private static void attribute(ArrayNode into, String key, String value) {
        ObjectNode kv = into.addObject();
        kv.put("key", key);
        kv.putObject("value").put("stringValue", value);
    }
}
