package sh.ratri.agent.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.json.YamlText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a policy file (a path, or {@code classpath:name} resolved against the system class loader;
 * JSON, or YAML when its name ends in {@code .yaml} or {@code .yml}) into JSON values, and names
 * what is wrong with it in one line: the file, then the line and column or the field, then the problem.
 */
final class PolicyText {

    static final String CLASSPATH = "classpath:";

    private final String source;
    private final boolean yaml;

    PolicyText(String source) {
        this.source = source;
        this.yaml = YamlText.isYaml(source);
    }

    String source() {
        return source;
    }

    JsonObject readObject() throws PolicyFileException {
        return parseObject(readText());
    }

    String readText() throws PolicyFileException {
        try {
            if (source.startsWith(CLASSPATH)) {
                String name = source.substring(CLASSPATH.length());
                try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw problem("not found on the class path");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw problem("no such file");
        } catch (IOException | RuntimeException e) {
            throw problem("cannot be read (" + e + ")");
        }
    }

    JsonObject parseObject(String text) throws PolicyFileException {
        if (text.isBlank()) {
            throw problem("is empty");
        }
        Object root;
        try {
            root = yaml ? YamlText.read(text) : JsonReader.read(text);
        } catch (JsonProcessingException e) {
            String marked = yaml ? YamlText.describe(e) : null;
            if (marked != null) {
                throw problem(marked);
            }
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw problem(where + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim());
        } catch (IOException e) {
            throw problem(e.getMessage());
        }
        if (!(root instanceof JsonObject object)) {
            throw problem(yaml ? "must hold a YAML mapping" : "must hold a JSON object");
        }
        return object;
    }

    PolicyFileException problem(String what) {
        return new PolicyFileException(source + ": " + what);
    }

    PolicyFileException field(String path, String what) {
        return problem("field " + path + ": " + what);
    }

    JsonObject object(JsonObject parent, String name, String path) throws PolicyFileException {
        Object value = parent.get(name);
        if (!(value instanceof JsonObject object)) {
            throw field(path, value == null ? "missing (an object is needed)" : "must be an object");
        }
        return object;
    }

    /** A list of strings, or null when the field is absent. */
    List<String> strings(JsonObject parent, String name, String path) throws PolicyFileException {
        if (!parent.containsKey(name)) {
            return null;
        }
        if (!(parent.get(name) instanceof List<?> list)) {
            throw field(path, "must be a list of strings");
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw field(path, "must be a list of strings, holds " + item);
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return List.copyOf(strings);
    }

    /** A string, or null when the field is absent. */
    String string(JsonObject parent, String name, String path) throws PolicyFileException {
        Object value = parent.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw field(path, "must be a string");
        }
        return text;
    }
}
