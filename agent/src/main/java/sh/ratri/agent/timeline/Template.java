package sh.ratri.agent.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A string annotation member with {@code {paramName}}, {@code {0}} or {@code {param.property}}
 * placeholders, parsed once at weave time. Rendering walks the parsed parts; a constant template
 * renders to the same string without allocating.
 */
public final class Template {

    private sealed interface Part permits Literal, Argument {
    }

    private record Literal(String text) implements Part {
    }

    private record Argument(int index, PropertyPath path) implements Part {
    }

    private final String source;
    private final Part[] parts;
    private final int placeholders;

    private Template(String source, Part[] parts) {
        this.source = source;
        this.parts = parts;
        int count = 0;
        for (Part part : parts) {
            if (part instanceof Argument) {
                count++;
            }
        }
        this.placeholders = count;
    }

    public static Template constant(String text) {
        return new Template(text, new Part[0]);
    }

    /**
     * Parses {@code text}. {@code parameterNames} holds the method's parameter names, or null where
     * the class was compiled without {@code -parameters}. A placeholder that names no parameter is
     * reported through {@code problem} and left literal.
     */
    public static Template parse(String text, List<String> parameterNames, int parameterCount,
                                 Consumer<String> problem) {
        if (text == null || text.indexOf('{') < 0) {
            return constant(text == null ? "" : text);
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (open < 0 || close < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            String placeholder = text.substring(open + 1, close).trim();
            Argument argument = argument(placeholder, parameterNames, parameterCount, problem);
            if (argument == null) {
                literal.append(text, open, close + 1);
            } else {
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(argument);
            }
            i = close + 1;
        }
        if (parts.isEmpty()) {
            return constant(literal.toString());
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(text, parts.toArray(new Part[0]));
    }

    private static Argument argument(String placeholder, List<String> parameterNames, int parameterCount,
                                     Consumer<String> problem) {
        String[] segments = placeholder.split("\\.");
        String head = segments[0];
        int index = -1;
        if (!head.isEmpty() && head.chars().allMatch(Character::isDigit)) {
            index = Integer.parseInt(head);
            if (index >= parameterCount) {
                problem.accept("{" + placeholder + "}: the method has " + parameterCount + " parameter(s)");
                return null;
            }
        } else if (parameterNames == null) {
            problem.accept("{" + placeholder + "}: parameter names are not in the class file "
                    + "(compile with javac -parameters, or use {0}, {1}…)");
            return null;
        } else {
            index = parameterNames.indexOf(head);
            if (index < 0) {
                problem.accept("{" + placeholder + "}: no parameter named '" + head + "' (parameters: "
                        + String.join(", ", parameterNames) + ")");
                return null;
            }
        }
        String[] properties = new String[segments.length - 1];
        System.arraycopy(segments, 1, properties, 0, properties.length);
        return new Argument(index, properties.length == 0 ? null : new PropertyPath(properties));
    }

    public boolean isConstant() {
        return parts.length == 0;
    }

    public String source() {
        return source;
    }

    /** Renders with the call's arguments, each placeholder's value cut at {@code maxChars}; never throws. */
    public String render(Object[] arguments, int maxChars) {
        if (parts.length == 0) {
            return source;
        }
        Object[] collected = new Object[placeholders];
        collect(arguments, collected, 0);
        return spell(collected, 0, maxChars);
    }

    private static Object read(Argument argument, Object[] arguments) {
        Object value = arguments == null || argument.index() >= arguments.length ? null : arguments[argument.index()];
        return argument.path() == null ? value : argument.path().read(value);
    }

    /** How many values {@link #collect} reads: one per placeholder. */
    int placeholders() {
        return placeholders;
    }

    /**
     * Reads each placeholder's value (its property path followed) from the call's arguments into
     * {@code into} from {@code at} on, for {@link #spell} later; returns
     * where the next template's values go.
     */
    int collect(Object[] arguments, Object[] into, int at) {
        for (Part part : parts) {
            if (part instanceof Argument argument) {
                into[at++] = read(argument, arguments);
            }
        }
        return at;
    }

    /** What {@link #render(Object[], int)} returns, from the values {@link #collect} read into {@code collected} at {@code at}. */
    String spell(Object[] collected, int at, int maxChars) {
        if (parts.length == 0) {
            return source;
        }
        if (parts.length == 1) { // only a placeholder: its summary, which for a short String is the String itself
            return Summaries.summary(collected[at], maxChars);
        }
        StringBuilder out = new StringBuilder(32);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                out.append(Summaries.summary(collected[at++], maxChars));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
