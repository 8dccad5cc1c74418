package sh.ratri.agent.weave;

import sh.ratri.agent.timeline.KeyValue;
import sh.ratri.agent.timeline.Template;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of one Ratri annotation on one method, read defensively (an older annotations jar
 * may lack a member: it reads as its fallback), and its templates parsed against that method.
 */
final class AnnotationMembers {

    private final AnnotationSource annotation;
    private final String label;
    private final TemplateParser templates;

    /** {@code label}: how problems name the annotation ({@code @Tool}), also for one nested in it. */
    AnnotationMembers(AnnotationSource annotation, String label, TemplateParser templates) {
        this.annotation = annotation;
        this.label = label;
        this.templates = templates;
    }

    Template template(String text) {
        return templates.parse(label, text);
    }

    /** The {@code key=value} members of {@code member}, their values as templates. */
    List<KeyValue> pairs(String member) {
        List<KeyValue> out = new ArrayList<>();
        for (String pair : strings(member)) {
            out.add(KeyValue.parse(pair, this::template));
        }
        return out;
    }

    String string(String member, String fallback) {
        String v = annotation.string(member);
        return v == null ? fallback : v;
    }

    String[] strings(String member) {
        String[] v = annotation.strings(member);
        return v == null ? new String[0] : v;
    }

    int integer(String member, int fallback) {
        Integer v = annotation.integer(member);
        return v == null ? fallback : v;
    }

    /** The constant's name, such as {@code HIGH}. */
    String enumeration(String member, String fallback) {
        String v = annotation.enumeration(member);
        return v == null ? fallback : v;
    }

    /** The annotation {@code member} holds ({@code @Tool}'s {@code action}), or null. */
    AnnotationMembers annotation(String member) {
        AnnotationSource nested = annotation.annotation(member);
        return nested == null ? null : new AnnotationMembers(nested, label, templates);
    }
}
