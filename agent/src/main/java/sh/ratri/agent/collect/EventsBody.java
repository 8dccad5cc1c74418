package sh.ratri.agent.collect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;

/**
 * The body of {@code POST /v1/events}: {@code {"events":[{…},…]}}, gzipped or not. Only what can be
 * stored as it came is accepted: each event a JSON object, every number finite (a number past
 * {@code double}'s range would otherwise be written back as {@code Infinity}, which is not JSON).
 */
final class EventsBody {

    /** Why the body is refused, and the status that says so. */
    static final class Rejected extends Exception {
        final int status;

        Rejected(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    private EventsBody() {
    }

    static List<JsonObject> events(byte[] body, boolean gzip, int maxBytes) throws Rejected {
        byte[] json = gzip ? gunzip(body, maxBytes) : body;
        Object request;
        try {
            request = JsonReader.read(json, 0, json.length);
        } catch (IOException e) {
            throw new Rejected(400, "body is not JSON: " + e.getMessage());
        }
        if (!(request instanceof JsonObject object) || !(object.get("events") instanceof List<?> items)) {
            throw new Rejected(400, "body is not {\"events\":[…]}");
        }
        List<JsonObject> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof JsonObject event)) {
                throw new Rejected(400, "events[" + i + "] is not a JSON object");
            }
            if (!finite(event)) {
                throw new Rejected(400, "events[" + i + "] holds a number out of range");
            }
            events.add(event);
        }
        return events;
    }

    /** Stops at {@code maxBytes}, so a small body that inflates without end (a gzip bomb) costs nothing more. */
    private static byte[] gunzip(byte[] body, int maxBytes) throws Rejected {
        byte[] json;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            json = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new Rejected(400, "body is not valid gzip: " + e.getMessage());
        }
        if (json.length > maxBytes) {
            throw new Rejected(413, "body over " + maxBytes + " bytes once un-gzipped");
        }
        return json;
    }

    /** The parser's nesting limit bounds this recursion. */
    private static boolean finite(Object value) {
        if (value instanceof Double number) {
            return Double.isFinite(number);
        }
        if (value instanceof Map<?, ?> object) {
            for (Object field : object.values()) {
                if (!finite(field)) {
                    return false;
                }
            }
        } else if (value instanceof List<?> array) {
            for (Object element : array) {
                if (!finite(element)) {
                    return false;
                }
            }
        }
        return true;
    }
}
