package sh.ratri.agent.weave;

import sh.ratri.agent.timeline.Template;

import java.util.List;
import java.util.function.Consumer;

/** Parses the templates of one method's annotations against its parameters and reports what it cannot resolve. */
final class TemplateParser {

    private final List<String> parameterNames;
    private final int parameterCount;
    private final String where;
    private final Consumer<String> problems;

    /**
     * {@code parameterNames}: those of the method whose names the templates use, null when it was
     * compiled without {@code -parameters}; {@code where}: {@code SimpleClassName.method}.
     */
    TemplateParser(List<String> parameterNames, int parameterCount, String where, Consumer<String> problems) {
        this.parameterNames = parameterNames;
        this.parameterCount = parameterCount;
        this.where = where;
        this.problems = problems;
    }

    /** {@code label}: the annotation the template is a member of ({@code @Tool}), for the report. */
    Template parse(String label, String text) {
        return Template.parse(text, parameterNames, parameterCount,
                problem -> problems.accept("ratri: template in " + label + " on " + where + ": " + problem
                        + "; left literal"));
    }
}
