package sh.ratri.agent.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The string members of one annotation, in a fixed order, rendered together per call. When none
 * of them has a placeholder the same array is returned every time, so a constant call site
 * allocates nothing here.
 */
final class Templates {

    private final Template[] templates;
    private final String[] constants;
    /** How many placeholder values {@link #collect} reads, over all templates. */
    private final int placeholders;

    Templates(List<Template> templates) {
        this.templates = templates.toArray(new Template[0]);
        this.placeholders = templates.stream().mapToInt(Template::placeholders).sum();
        boolean constant = templates.stream().allMatch(Template::isConstant);
        if (constant) {
            constants = new String[this.templates.length];
            for (int i = 0; i < constants.length; i++) {
                constants[i] = this.templates[i].source();
            }
        } else {
            constants = null;
        }
    }

    /** {@code leading} templates, then each pair as its constant key and its value template. */
    static Templates withPairs(List<Template> leading, List<KeyValue> pairs) {
        List<Template> all = new ArrayList<>(leading);
        for (KeyValue kv : pairs) {
            all.add(Template.constant(kv.key()));
            all.add(kv.value());
        }
        return new Templates(all);
    }

    boolean isConstant() {
        return constants != null;
    }

    /** The one array {@link #render} returns when no template has a placeholder; else null. */
    String[] constants() {
        return constants;
    }

    /** The values for this call; callers must not modify the returned array. */
    String[] render(Object[] arguments, int maxChars) {
        if (constants != null) {
            return constants;
        }
        Object[] collected = new Object[placeholders];
        collect(arguments, collected);
        return spell(collected, maxChars);
    }

    int placeholders() {
        return placeholders;
    }

    /** Reads every placeholder's value into {@code into[0..placeholders())}, for {@link #spell} later. */
    void collect(Object[] arguments, Object[] into) {
        int at = 0;
        for (Template template : templates) {
            at = template.collect(arguments, into, at);
        }
    }

    /** The values {@link #render(Object[], int)} returns for the call, spelled from what {@link #collect} read from it. */
    String[] spell(Object[] collected, int maxChars) {
        if (constants != null) {
            return constants;
        }
        String[] rendered = new String[templates.length];
        int at = 0;
        for (int i = 0; i < rendered.length; i++) {
            rendered[i] = templates[i].spell(collected, at, maxChars);
            at += templates[i].placeholders();
        }
        return rendered;
    }
}
