package sh.ratri.agent.weave;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import sh.ratri.agent.timeline.KeyValue;
import sh.ratri.agent.timeline.Template;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of one Ratri annotation on one method, read defensively (an older annotations jar
 * may lack a member: it reads as its fallback), and its templates parsed against that method.
 */
final class AnnotationMembers {

    private final AnnotationDescription annotation;
    private final String label;
    private final TemplateParser templates;

    /** {@code label}: how problems name the annotation ({@code @Tool}), also for one nested in it. */
    AnnotationMembers(AnnotationDescription annotation, String label, TemplateParser templates) {
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
        try {
            String v = annotation.getValue(member).resolve(String.class);
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    String[] strings(String member) {
        try {
            String[] v = annotation.getValue(member).resolve(String[].class);
            return v == null ? new String[0] : v;
        } catch (RuntimeException e) {
            return new String[0];
        }
    }

    int integer(String member, int fallback) {
        try {
            return annotation.getValue(member).resolve(Integer.class);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The constant's name, such as {@code HIGH}. */
    String enumeration(String member, String fallback) {
        try {
            return annotation.getValue(member).resolve(EnumerationDescription.class).getValue();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The annotation {@code member} holds ({@code @Tool}'s {@code action}), or null. */
    AnnotationMembers annotation(String member) {
        try {
            return new AnnotationMembers(annotation.getValue(member).resolve(AnnotationDescription.class), label,
                    templates);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
