package sh.ratri.agent.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON document into plain values: {@link JsonObject}, {@code List}, {@code String},
 * {@code Integer}/{@code Long}/{@code BigInteger} (as small as the number fits), {@code Double},
 * {@code Boolean} and null. Anything after the document but white space is an error.
 */
public final class JsonReader {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReader() {
    }

    public static Object read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return document(parser);
        }
    }

    /**
     * One document from a parser of any format that Jackson reads as JSON tokens (YAML: see
     * {@code policy.YamlText}), into the same values; the caller closes the parser.
     */
    public static Object read(JsonParser parser) throws IOException {
        return document(parser);
    }

    /** UTF-8, or the UTF-16/32 that the bytes show themselves to be. */
    public static Object read(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            return document(parser);
        }
    }

    /**
     * Thrown instead of a parse error when a document is well on its way but one of its strings,
     * numbers or names is longer than jackson-core's {@link StreamReadConstraints} allow; the
     * message is Jackson's, naming the limit (strings: {@link #MAX_STRING_LENGTH} characters).
     */
    public static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(StreamConstraintsException cause) {
            super(cause.getOriginalMessage(), cause);
        }
    }

    /** The longest string value the parser accepts, in characters. */
    public static final int MAX_STRING_LENGTH = StreamReadConstraints.defaults().getMaxStringLength();

    /**
     * Like {@link #readNamingLimits(byte[], int, int)}, but of a top-level object only the fields
     * named in {@code kept} are built; the others are passed over unread (and absent from the
     * result): for a first pass over large files that needs a few small fields of each document.
     */
    public static Object readFields(byte[] bytes, int offset, int length, Set<String> kept) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            return withLimitsNamed(parser, kept);
        }
    }

    /** {@link #readFields(byte[], int, int, Set)} for text. */
    public static Object readFields(String text, Set<String> kept) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return withLimitsNamed(parser, kept);
        }
    }

    /** {@link #read(byte[], int, int)}, throwing {@link TooLong} for a value over the parser's length limits. */
    public static Object readNamingLimits(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            return withLimitsNamed(parser, null);
        }
    }

    /** {@link #readNamingLimits(byte[], int, int)} for text. */
    public static Object readNamingLimits(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return withLimitsNamed(parser, null);
        }
    }

    private static Object withLimitsNamed(JsonParser parser, Set<String> kept) throws IOException {
        try {
            return document(parser, kept);
        } catch (StreamConstraintsException e) {
            // nesting depth is a limit too, but a document 1,000 levels deep is not "long"
            if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")) {
                throw e;
            }
            throw new TooLong(e);
        }
    }

    private static Object document(JsonParser parser) throws IOException {
        return document(parser, null);
    }

    /** @param kept the top-level fields to build, or null for all */
    private static Object document(JsonParser parser, Set<String> kept) throws IOException {
        if (parser.nextToken() == null) {
            throw new JsonParseException(parser, "no JSON value");
        }
        Object value = kept != null && parser.currentToken() == JsonToken.START_OBJECT
                ? objectOf(parser, kept) : value(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more than one JSON value");
        }
        return value;
    }

    private static JsonObject objectOf(JsonParser parser, Set<String> kept) throws IOException {
        JsonObject object = new JsonObject();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            if (kept.contains(name)) {
                object.put(name, value(parser));
            } else {
                parser.skipChildren();
            }
        }
        return object;
    }

    /** The parser's nesting limit bounds this recursion. */
    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                JsonObject object = new JsonObject();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
        };
    }
}
