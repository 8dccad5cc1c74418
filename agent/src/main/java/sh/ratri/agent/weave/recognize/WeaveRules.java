package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code weave} key's rules file: annotations for code nobody can annotate (see {@link WeaveRule}).
 * A rule that cannot be read is reported on one line naming the file, the line and the problem,
 * and left out; the others apply.
 */
public final class WeaveRules implements Recognizer {

    private final List<WeaveRule> rules;

    private WeaveRules(List<WeaveRule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code file}; none when it cannot be read, which {@code problems} is told. */
    public static WeaveRules load(String file, Consumer<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            problems.accept("ratri: weave rules " + file + ": cannot be read (" + e + "); no rule applies");
            return new WeaveRules(List.of());
        }
        return parse(file, lines, problems);
    }

    static WeaveRules parse(String file, List<String> lines, Consumer<String> problems) {
        List<WeaveRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(WeaveRule.parse(line));
            } catch (RuntimeException e) {
                problems.accept("ratri: weave rules " + file + " line " + (i + 1) + ": " + e.getMessage()
                        + "; rule ignored");
            }
        }
        return new WeaveRules(List.copyOf(rules));
    }

    List<WeaveRule> rules() {
        return rules;
    }

    @Override
    public boolean mayDeclare(String internalName, byte[] classFile) {
        return mayDeclareClass(internalName.replace('/', '.'));
    }

    @Override
    public boolean mayDeclare(TypeDescription type) {
        return mayDeclareClass(type.getName());
    }

    private boolean mayDeclareClass(String className) {
        for (WeaveRule rule : rules) {
            if (rule.mayMatchClass(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<AnnotationDescription> annotationsOf(TypeDescription woven, MethodDescription declaration) {
        List<AnnotationDescription> out = List.of();
        for (WeaveRule rule : rules) {
            if (rule.matches(declaration)) {
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.add(rule.annotation());
            }
        }
        return out;
    }
}
