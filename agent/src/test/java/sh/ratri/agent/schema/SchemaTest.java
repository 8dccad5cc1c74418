package sh.ratri.agent.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Holds the schema package to {@code schema/ratri-event-v1.schema.json}, the contract it spells in Java. */
class SchemaTest {

    private static final JsonNode SCHEMA = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("..", "schema", "ratri-event-v1.schema.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventTypesAreExactlyTheSchemasTypes() {
        List<String> schemaTypes = new ArrayList<>();
        SCHEMA.path("properties").path("type").path("enum").forEach(t -> schemaTypes.add(t.asText()));

        assertThat(Stream.of(EventType.values()).map(EventType::wire)).containsExactlyInAnyOrderElementsOf(schemaTypes);
    }

    @Test
    void statusesAreExactlyTheSchemasEndStatuses() {
        List<String> schemaStatuses = new ArrayList<>();
        SCHEMA.path("$defs").path("ended").path("properties").path("status").path("enum")
                .forEach(s -> schemaStatuses.add(s.asText()));

        assertThat(Stream.of(Status.values()).map(Status::wire)).containsExactlyInAnyOrderElementsOf(schemaStatuses);
    }

    @Test
    void everyFieldNameIsAPropertyOfTheSchema() throws IllegalAccessException {
        Set<String> properties = new HashSet<>();
        collectPropertyNames(SCHEMA, properties);
        List<String> fields = new ArrayList<>();
        for (Field field : Fields.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && !field.getName().equals("SCHEMA_VERSION")) {
                fields.add((String) field.get(null));
            }
        }

        assertThat(fields).isNotEmpty();
        assertThat(properties).containsAll(fields);
        assertThat(SCHEMA.path("properties").path(Fields.SCHEMA).path("const").asText()).isEqualTo(Fields.SCHEMA_VERSION);
    }

    @Test
    void theIdReplayNeedsToPlaceAnEventIsRequiredForItsTypeByTheSchema() {
        for (EventType type : EventType.values()) {
            JsonNode then = thenOf(type.wire());
            List<String> required = new ArrayList<>();
            then.path("required").forEach(r -> required.add(r.asText()));
            if (type.requiredId() != null) {
                assertThat(required).as(type.wire()).contains(type.requiredId());
            }
        }
    }

    private static JsonNode thenOf(String type) {
        for (JsonNode rule : SCHEMA.path("allOf")) {
            if (rule.path("if").path("properties").path("type").path("const").asText().equals(type)) {
                return rule.path("then");
            }
        }
        throw new AssertionError("the schema has no rule for " + type);
    }

    private static void collectPropertyNames(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.path("properties").fieldNames().forEachRemaining(into::add);
            node.forEach(child -> collectPropertyNames(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectPropertyNames(child, into));
        }
    }
}
