package sh.ratri.agent.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes the plain values {@link JsonReader} reads ({@code Map} for any object, {@code List},
 * {@code String}, {@code Integer}, {@code Long}, {@code BigInteger}, {@code Double},
 * {@code Boolean}, null) through a jackson-core {@link JsonGenerator}.
 */
public final class JsonWriter {

    private static final JsonFactory FACTORY =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonWriter() {
    }

    /** On one line. */
    public static String compact(Object value) {
        return toString(value, false);
    }

    /** Indented two spaces a level, {@code "name" : value}, lines ending as the platform's do. */
    public static String pretty(Object value) {
        return toString(value, true);
    }

    /** On one line, in UTF-8; {@code out} is flushed, not closed. */
    public static void write(Object value, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, value);
        }
    }

    /**
     * A pretty document written piece by piece, for one too large to build first: the text is what
     * {@link #pretty} gives for the whole. {@code out} is flushed, not closed, by {@link #close}.
     */
    public static final class PrettyStream implements java.io.Closeable {
        private final JsonGenerator generator;

        public PrettyStream(Writer out) throws IOException {
            generator = FACTORY.createGenerator(out);
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
        }

        public PrettyStream startObject() throws IOException {
            generator.writeStartObject();
            return this;
        }

        public PrettyStream endObject() throws IOException {
            generator.writeEndObject();
            return this;
        }

        public PrettyStream startArray(String field) throws IOException {
            generator.writeFieldName(field);
            generator.writeStartArray();
            return this;
        }

        public PrettyStream endArray() throws IOException {
            generator.writeEndArray();
            return this;
        }

        /** A value inside the current array. */
        public PrettyStream value(Object value) throws IOException {
            write(generator, value);
            return this;
        }

        public PrettyStream field(String name, Object value) throws IOException {
            generator.writeFieldName(name);
            write(generator, value);
            return this;
        }

        @Override
        public void close() throws IOException {
            generator.close();
        }
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Map<?, ?> object) {
            g.writeStartObject();
            for (Map.Entry<?, ?> field : object.entrySet()) {
                g.writeFieldName((String) field.getKey());
                write(g, field.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> array) {
            g.writeStartArray();
            for (Object element : array) {
                write(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean flag) {
            g.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            g.writeNumber(number);
        } else if (value instanceof Long number) {
            g.writeNumber(number);
        } else if (value instanceof Double number) {
            g.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            g.writeNumber(number);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static String toString(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }
}
