package sh.ratri.agent.json;

import java.util.LinkedHashMap;

/**
 * A JSON object as {@link JsonReader} reads it and {@link JsonWriter} writes it: fields in order,
 * each value a {@code String}, {@code Number}, {@code Boolean}, null, {@code JsonObject} or
 * {@code List}. The getters forgive a field of the wrong type as if it were absent, since replay
 * reads files it did not write.
 */
public final class JsonObject extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    /** Sets a field (a null value is written as JSON null) and returns this object, for chaining. */
    public JsonObject with(String name, Object value) {
        put(name, value);
        return this;
    }

    /** The field when it is an object, else an empty object. */
    public JsonObject object(String name) {
        return get(name) instanceof JsonObject object ? object : new JsonObject();
    }

    /** The field as text, or null when it is absent or JSON null: see {@link #textOf}. */
    public String text(String name) {
        Object value = get(name);
        return value == null ? null : textOf(value);
    }

    /** Strings as they are, numbers and booleans as JSON spells them, objects and arrays as compact JSON. */
    public static String textOf(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return JsonWriter.compact(value);
    }

    /** The field when it is a number, else null. */
    public Double number(String name) {
        return get(name) instanceof Number number ? number.doubleValue() : null;
    }

    /** The field when it is a whole number that fits an {@code int} (read as {@code Integer}), else null. */
    public Integer integer(String name) {
        return get(name) instanceof Integer number ? number : null;
    }

    /** A number (truncated), a string that reads as one, a boolean as 1 or 0; else {@code fallback}. */
    public long longValue(String name, long fallback) {
        Object value = get(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException notWhole) {
                try {
                    return (long) Double.parseDouble(text.trim());
                } catch (NumberFormatException notNumber) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
