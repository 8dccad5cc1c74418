package sh.ratri.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates Ratri events against the repository's JSON Schema
 * ({@code schema/ratri-event-v1.schema.json}, schema {@code ratri.event/v1}).
 *
 * <p>The schema file is found by walking up from the working directory (Maven runs tests in the
 * module directory, so normally {@code ../schema/...}); the system property
 * {@code ratri.eventSchema} overrides the location. Validation of the compiled schema is thread-safe.
 *
 * <p>Events are handed in as Jackson 2 trees ({@code com.fasterxml.jackson}); the validator
 * (com.networknt:json-schema-validator 3.x) is built on Jackson 3 ({@code tools.jackson}), so the
 * event crosses over as JSON text. Both Jackson lines live side by side on the test class path.
 */
public final class EventSchema {

    /** Path of the schema file relative to the repository root. */
    public static final String RELATIVE_PATH = "schema/ratri-event-v1.schema.json";

    /** System property that, when set, names the schema file directly. */
    public static final String PATH_PROPERTY = "ratri.eventSchema";

    private EventSchema() {
    }

    private static volatile Path path;
    private static volatile Schema schema;

    /** The schema file in use (located on first use). */
    public static Path schemaPath() {
        Path p = path;
        if (p == null) {
            synchronized (EventSchema.class) {
                if (path == null) {
                    path = locate();
                }
                p = path;
            }
        }
        return p;
    }

    /**
     * The compiled schema, loaded on first use. A failure is not cached: every caller sees the
     * same clear exception rather than a NoClassDefFoundError after the first one.
     */
    private static Schema schema() {
        Schema s = schema;
        if (s == null) {
            synchronized (EventSchema.class) {
                if (schema == null) {
                    schema = load(schemaPath());
                }
                s = schema;
            }
        }
        return s;
    }

    /**
     * Human-readable violations of {@code event} against the schema, each as
     * {@code "<JSON path>: <message> [<keyword>]"}, e.g.
     * {@code "$.attributes.stepIndex: must have a minimum value of 0 [minimum]"}; empty when the
     * event is valid.
     */
    public static List<String> violations(JsonNode event) {
        if (event == null || event.isMissingNode()) {
            return List.of("$: no event (null or missing node)");
        }
        List<Error> errors = schema().validate(event.toString(), InputFormat.JSON);
        List<String> messages = new ArrayList<>(errors.size());
        for (Error error : errors) {
            messages.add(describe(error));
        }
        return messages;
    }

    /** Throws an {@link AssertionError} listing every violation and the event, if any. */
    public static void assertValid(JsonNode event) {
        List<String> violations = violations(event);
        if (!violations.isEmpty()) {
            StringBuilder sb = new StringBuilder()
                    .append("event violates ratri.event/v1 (")
                    .append(violations.size())
                    .append(violations.size() == 1 ? " violation):" : " violations):");
            for (String v : violations) {
                sb.append("\n  - ").append(v);
            }
            sb.append("\n  event: ").append(event);
            throw new AssertionError(sb.toString());
        }
    }

    /** {@link #assertValid(JsonNode)} for each event, reporting the index of the first bad one. */
    public static void assertAllValid(Iterable<? extends JsonNode> events) {
        int i = 0;
        for (JsonNode event : events) {
            try {
                assertValid(event);
            } catch (AssertionError e) {
                throw new AssertionError("event #" + i + ": " + e.getMessage(), e);
            }
            i++;
        }
    }

    private static String describe(Error error) {
        // In 3.x getMessage() does not repeat the instance location; prefix it so messages stand alone.
        String location = error.getInstanceLocation() == null ? "$" : error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        return location + ": " + error.getMessage() + (keyword == null ? "" : " [" + keyword + "]");
    }

    private static Path locate() {
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Paths.get(override).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(PATH_PROPERTY + "=" + override + " is not a file");
            }
            return p;
        }
        Path start = Paths.get("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + RELATIVE_PATH + " in " + start
                + " or any parent directory (set -D" + PATH_PROPERTY + "=<file> to point at it)");
    }

    private static Schema load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event schema " + path, e);
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_PATH) // "$.attributes.stepIndex" rather than "/attributes/stepIndex"
                .locale(Locale.ROOT)          // English messages whatever the host locale
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        Schema schema = registry.getSchema(text, InputFormat.JSON);
        schema.initializeValidators(); // resolve $refs now, so a broken schema fails here, not mid-test
        return schema;
    }
}
