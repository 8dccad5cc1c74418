package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import sh.ratri.agent.policy.Glob;
import sh.ratri.agent.weave.AnnotationNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of a {@code weave} rules file (DESIGN §7): which methods, and the annotation they get.
 *
 * <pre>
 * com.acme.Ops#deploy(java.lang.String) = tool name=deploy.prod risk=high action=deploy resource=environment:{0}
 * com.acme.*Agent#handle(..) = run stepKey="{0.team} agent"
 * </pre>
 *
 * Class and method are globs ({@code *}: any run of characters); {@code (..)}, or no parentheses,
 * is any parameters; a parameter type is its Java name ({@code java.lang.String}, {@code int},
 * {@code byte[]}), or its simple name ({@code String}). The kind is {@code session}, {@code run},
 * {@code childRun}, {@code step}, {@code tool} or {@code handoff}; its keys are the annotation's
 * member names, plus {@code risk} (= {@code riskLevel}), {@code action=type[:name]} and
 * {@code resource=type:externalId}; {@code metadata} and {@code payloadSummary} items are given one
 * key each ({@code metadata=team=ops metadata=tier=1}). A value with spaces is double-quoted
 * ({@code \"} and {@code \\} inside); {@code #} after a space starts a comment. Templates are the annotations' ({@code {0}}, {@code {name}},
 * {@code {name.property}}).
 */
record WeaveRule(Glob classPattern, Glob methodPattern, List<String> parameterTypes, String kind,
                 AnnotationDescription annotation) {

    private static final Map<String, String> KINDS = Map.of(
            "session", AnnotationNames.SESSION, "run", AnnotationNames.RUN, "childRun", AnnotationNames.CHILD_RUN,
            "step", AnnotationNames.WORKFLOW_STEP, "tool", AnnotationNames.TOOL, "handoff", AnnotationNames.HANDOFF);
    private static final List<String> RISKS = List.of("low", "medium", "high", "critical");

    /** Parses one rule; a problem is thrown as an {@link IllegalArgumentException} whose message says it. */
    static WeaveRule parse(String line) {
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("expected 'Class#method(..) = kind key=value …'");
        }
        String target = line.substring(0, equals).trim();
        int hash = target.indexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            throw new IllegalArgumentException("'" + target + "' is not Class#method(..)");
        }
        String classPattern = target.substring(0, hash).trim();
        String method = target.substring(hash + 1).trim();
        List<String> parameters = null;
        int open = method.indexOf('(');
        if (open >= 0) {
            if (!method.endsWith(")")) {
                throw new IllegalArgumentException("'" + method + "': the parameter list has no closing ')'");
            }
            parameters = parameters(method.substring(open + 1, method.length() - 1).trim());
            method = method.substring(0, open).trim();
        }
        if (method.isEmpty()) {
            throw new IllegalArgumentException("'" + target + "' names no method");
        }
        List<String> words = words(line.substring(equals + 1));
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no kind after '=' (one of " + String.join(", ", kindNames()) + ")");
        }
        String kind = words.get(0);
        String annotationName = KINDS.get(kind);
        if (annotationName == null) {
            throw new IllegalArgumentException("unknown kind '" + kind + "' (one of " + String.join(", ", kindNames())
                    + ")");
        }
        return new WeaveRule(new Glob(classPattern), new Glob(method), parameters, kind,
                annotation(kind, annotationName, words.subList(1, words.size())));
    }

    /** Whether the rule names this method; {@code declaration}'s own class is the one the class pattern matches. */
    boolean matches(MethodDescription declaration) {
        if (!declaration.isMethod() || !methodPattern.matches(declaration.getName())
                || !classPattern.matches(declaration.getDeclaringType().asErasure().getName())) {
            return false;
        }
        if (parameterTypes == null) {
            return true;
        }
        List<? extends ParameterDescription> parameters = declaration.getParameters();
        if (parameters.size() != parameterTypes.size()) {
            return false;
        }
        for (int i = 0; i < parameterTypes.size(); i++) {
            String wanted = parameterTypes.get(i);
            var type = parameters.get(i).getType().asErasure();
            boolean simple = wanted.indexOf('.') < 0;
            if (!wanted.equals(simple ? type.getSimpleName() : type.getActualName())) {
                return false;
            }
        }
        return true;
    }

    boolean mayMatchClass(String className) {
        return classPattern.matches(className);
    }

    private static List<String> parameters(String list) {
        if (list.equals("..")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out;
        }
        for (String p : list.split(",")) {
            String type = p.trim().replace(" ", "");
            if (type.isEmpty() || type.equals("..")) {
                throw new IllegalArgumentException("'(" + list + ")': give every parameter type, or (..) for any");
            }
            out.add(type);
        }
        return out;
    }

    private static AnnotationDescription annotation(String kind, String annotationName, List<String> pairs) {
        RatriAnnotations annotation = RatriAnnotations.of(annotationName);
        Map<String, String> members = annotation.members();
        Map<String, List<String>> arrays = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + pair + "' is not key=value");
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            String member = key.equals("risk") ? "riskLevel" : key;
            String type = members.get(member);
            if (type == null || type.equals("Class")) {
                throw new IllegalArgumentException("unknown key '" + key + "' for " + kind + " (keys: "
                        + String.join(", ", keys(members)) + ")");
            }
            if (type.equals("String[]")) {
                if (value.indexOf('=') <= 0) {
                    throw new IllegalArgumentException(key + "='" + value + "': each item is key=value");
                }
                arrays.computeIfAbsent(member, m -> new ArrayList<>()).add(value);
                continue;
            }
            if (given.contains(member)) {
                throw new IllegalArgumentException("'" + key + "' is given twice");
            }
            given.add(member);
            switch (type) {
                case "String" -> annotation.string(member, value);
                case "int" -> annotation.integer(member, integer(key, value));
                case "RiskLevel" -> annotation.riskLevel(risk(key, value));
                case "Action" -> {
                    int colon = value.indexOf(':');
                    annotation.action(colon < 0 ? value : value.substring(0, colon),
                            colon < 0 ? "" : value.substring(colon + 1));
                }
                case "Resource" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException(key + "='" + value + "': expected type:externalId");
                    }
                    annotation.resource(value.substring(0, colon), value.substring(colon + 1));
                }
                default -> throw new IllegalArgumentException("key '" + key + "' cannot be set in a rule");
            }
        }
        arrays.forEach((member, items) -> annotation.strings(member, items.toArray(new String[0])));
        return annotation.build();
    }

    private static List<String> keys(Map<String, String> members) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> m : members.entrySet()) {
            out.add(m.getKey());
            if (m.getValue().equals("RiskLevel")) {
                out.add("risk");
            }
        }
        return out;
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + value + "' is not a whole number");
        }
    }

    private static String risk(String key, String value) {
        String level = value.toLowerCase(Locale.ROOT);
        if (!RISKS.contains(level)) {
            throw new IllegalArgumentException(key + "='" + value + "' is no risk level (" + String.join(", ", RISKS)
                    + ")");
        }
        return level;
    }

    private static List<String> kindNames() {
        return List.of("session", "run", "childRun", "step", "tool", "handoff");
    }

    /**
     * Splits at spaces outside double quotes; quotes are removed, {@code \"} and {@code \\} unescaped;
     * a word that starts with {@code #} starts a comment.
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()
                    && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                word.append(text.charAt(++i));
            } else if (!quoted && !inWord && c == '#') {
                break; // a comment to the end of the line
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a double quote is not closed");
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
