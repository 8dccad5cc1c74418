package sh.ratri.agent.policy;

import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.YamlText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The approvals this JVM holds: from a JSON (or YAML) file
 * ({@code {"approvals": [{"id": "APR-7", "tool": "deploy.production", "resource": "environment:production",
 * "approver": "alice", "expires": "2026-12-31T00:00:00Z"}]}}) or an inline list
 * ({@code RATRI_APPROVALS=deploy.production@environment:production,release.tag}: approver {@code env}).
 */
final class Approvals {

    static final Approvals NONE = new Approvals(List.of());

    private final List<Approval> approvals;

    private Approvals(List<Approval> approvals) {
        this.approvals = approvals;
    }

    /** The first unexpired approval for this tool call, or null. */
    Approval find(String tool, String resourceType, String resourceExternalId, long nowMillis) {
        for (Approval approval : approvals) {
            if (approval.matches(tool, resourceType, resourceExternalId, nowMillis)) {
                return approval;
            }
        }
        return null;
    }

    /** A file path ({@code .json}, {@code .yaml}/{@code .yml}, {@code classpath:} or an existing file), else the inline list. */
    static Approvals from(String setting) throws PolicyFileException {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        String trimmed = setting.trim();
        if (trimmed.endsWith(".json") || YamlText.isYaml(trimmed) || trimmed.startsWith(PolicyText.CLASSPATH)
                || Files.isRegularFile(Path.of(trimmed))) {
            PolicyText file = new PolicyText(trimmed);
            return read(file, file.readObject());
        }
        return inline(trimmed);
    }

    static Approvals inline(String list) {
        List<Approval> out = new ArrayList<>();
        for (String entry : list.split(",")) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int at = text.indexOf('@');
            String tool = at < 0 ? text : text.substring(0, at);
            ResourcePattern resource = at < 0 ? null : new ResourcePattern(text.substring(at + 1));
            out.add(new Approval(text, tool, resource, "env", Long.MAX_VALUE));
        }
        return new Approvals(List.copyOf(out));
    }

    static Approvals read(PolicyText file, JsonObject root) throws PolicyFileException {
        if (!(root.get("approvals") instanceof List<?> list)) {
            throw file.field("approvals", "must be a list of approvals");
        }
        List<Approval> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "approvals[" + i + "]";
            if (!(list.get(i) instanceof JsonObject json)) {
                throw file.field(path, "must be an object");
            }
            String id = required(file, json, "id", path);
            String tool = required(file, json, "tool", path);
            String approver = required(file, json, "approver", path);
            String resource = file.string(json, "resource", path + ".resource");
            String expires = file.string(json, "expires", path + ".expires");
            long expiresAt = Long.MAX_VALUE;
            if (expires != null) {
                try {
                    expiresAt = Instant.parse(expires).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw file.field(path + ".expires", "'" + expires + "' is no RFC 3339 UTC time (2026-12-31T00:00:00Z)");
                }
            }
            out.add(new Approval(id, tool, resource == null ? null : new ResourcePattern(resource), approver, expiresAt));
        }
        return new Approvals(List.copyOf(out));
    }

    private static String required(PolicyText file, JsonObject json, String name, String path)
            throws PolicyFileException {
        String value = file.string(json, name, path + "." + name);
        if (value == null || value.isEmpty()) {
            throw file.field(path + "." + name, "missing");
        }
        return value;
    }
}
