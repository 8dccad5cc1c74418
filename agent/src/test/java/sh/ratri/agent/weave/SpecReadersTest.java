package sh.ratri.agent.weave;

import org.junit.jupiter.api.Test;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load-time weaving reads a member left at its default as absent from the class file, and
 * {@link SpecReaders} then applies its own fallback; Byte Buddy answers the annotation's default.
 * Both must give the same spec, so each fallback is held against the annotation's declared default.
 */
class SpecReadersTest {

    private final List<String> problems = new ArrayList<>();
    private final TemplateParser templates = new TemplateParser(List.of(), 0, "Shapes.call", problems::add);

    @Test
    void fallbacksAreTheAnnotationsOwnDefaults() {
        assertThat(SpecReaders.session(members(absent(Session.class))))
                .usingRecursiveComparison().isEqualTo(SpecReaders.session(members(defaults(Session.class))));
        assertThat(SpecReaders.handoff(members(absent(Handoff.class))))
                .usingRecursiveComparison().isEqualTo(SpecReaders.handoff(members(defaults(Handoff.class))));
        assertThat(SpecReaders.run(members(absent(Run.class)), false, "call"))
                .usingRecursiveComparison().isEqualTo(SpecReaders.run(members(defaults(Run.class)), false, "call"));
        assertThat(SpecReaders.run(members(absent(ChildRun.class)), true, "call"))
                .usingRecursiveComparison().isEqualTo(SpecReaders.run(members(defaults(ChildRun.class)), true, "call"));
        assertThat(SpecReaders.step(members(absent(WorkflowStep.class)), "call"))
                .usingRecursiveComparison().isEqualTo(SpecReaders.step(members(defaults(WorkflowStep.class)), "call"));
        assertThat(SpecReaders.tool(members(absent(Tool.class)), "Shapes.call", new String[0]))
                .usingRecursiveComparison()
                .isEqualTo(SpecReaders.tool(members(defaults(Tool.class)), "Shapes.call", new String[0]));
        assertThat(problems).isEmpty();
    }

    private AnnotationMembers members(AnnotationSource source) {
        return new AnnotationMembers(source, "@" + source.typeName(), templates);
    }

    /** The annotation as a class file gives it when every member is left at its default. */
    private static AnnotationSource absent(Class<? extends Annotation> type) {
        return new Members(type, null);
    }

    /** The annotation as reflection gives it: each member its declared default. */
    private static AnnotationSource defaults(Class<? extends Annotation> type) {
        return new Members(type, member -> defaultOf(type, member));
    }

    private static Object defaultOf(Class<?> type, String member) {
        try {
            Method m = type.getMethod(member);
            assertThat(m.getDefaultValue()).as(type.getSimpleName() + "." + member + " has a default").isNotNull();
            return m.getDefaultValue();
        } catch (NoSuchMethodException e) {
            return null; // a member the annotation lacks reads as absent either way
        }
    }

    /** Answers each member from {@code values}, or null for every member when there are none. */
    private record Members(Class<?> type, java.util.function.Function<String, Object> values)
            implements AnnotationSource {

        private Object value(String member) {
            return values == null ? null : values.apply(member);
        }

        @Override
        public String typeName() {
            return type.getName();
        }

        @Override
        public String string(String member) {
            return value(member) instanceof String s ? s : null;
        }

        @Override
        public String[] strings(String member) {
            return value(member) instanceof String[] s ? s : null;
        }

        @Override
        public Integer integer(String member) {
            return value(member) instanceof Integer i ? i : null;
        }

        @Override
        public String enumeration(String member) {
            return value(member) instanceof Enum<?> e ? e.name() : null;
        }

        @Override
        public AnnotationSource annotation(String member) {
            if (!(value(member) instanceof Annotation nested)) {
                return null;
            }
            Class<? extends Annotation> nestedType = nested.annotationType();
            return new Members(nestedType, values == null ? null : m -> memberOf(nested, m));
        }

        private static Object memberOf(Annotation annotation, String member) {
            try {
                return annotation.annotationType().getMethod(member).invoke(annotation);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }
}
