package sh.ratri.agent.weave;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import sh.ratri.agent.timeline.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Parses the templates of one method's annotations against its parameters and reports what it cannot resolve. */
final class TemplateParser {

    private final List<String> parameterNames;
    private final int parameterCount;
    private final String where;
    private final Consumer<String> problems;

    /** {@code method}: the one whose parameter names the templates use; {@code where}: {@code SimpleClassName.method}. */
    TemplateParser(MethodDescription method, String where, Consumer<String> problems) {
        ParameterList<?> parameters = method.getParameters();
        this.parameterCount = parameters.size();
        this.where = where;
        this.problems = problems;
        List<String> names = new ArrayList<>();
        boolean named = true;
        for (ParameterDescription p : parameters) {
            named &= p.isNamed();
            names.add(p.getName());
        }
        this.parameterNames = named ? names : null;
    }

    /** {@code label}: the annotation the template is a member of ({@code @Tool}), for the report. */
    Template parse(String label, String text) {
        return Template.parse(text, parameterNames, parameterCount,
                problem -> problems.accept("ratri: template in " + label + " on " + where + ": " + problem
                        + "; left literal"));
    }
}
