package sh.ratri.agent.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    /** UTF-8, or the UTF-16/32 that the bytes show themselves to be. */
    public static Object read(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            return document(parser);
        }
    }

    private static Object document(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new JsonParseException(parser, "no JSON value");
        }
        Object value = value(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more than one JSON value");
        }
        return value;
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
