package sh.ratri.agent.weave;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.weave.recognize.Recognition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Types as Byte Buddy describes them, for {@link CallSiteReader}: when attaching (the classes are
 * loaded), for the classes load-time weaving hands to Byte Buddy, and for the annotations a
 * recognizer gives a method.
 */
final class DescribedTypes {

    private DescribedTypes() {
    }

    /** {@code woven}, whose methods a recognizer may give annotations. */
    static TypeDeclaration of(TypeDescription woven, Recognition recognition) {
        return new DescribedType(woven, woven, recognition);
    }

    /** The method Byte Buddy described, of a declaration made here. */
    static MethodDescription description(MethodDeclaration method) {
        return ((DescribedMethod) method).method;
    }

    private static final class DescribedType implements TypeDeclaration {
        private final TypeDescription woven;
        private final TypeDescription type;
        private final Recognition recognition;

        DescribedType(TypeDescription woven, TypeDescription type, Recognition recognition) {
            this.woven = woven;
            this.type = type;
            this.recognition = recognition;
        }

        @Override
        public String name() {
            return type.getName();
        }

        @Override
        public TypeDeclaration superClass() {
            TypeDescription.Generic superClass = type.getSuperClass();
            return superClass == null ? null : new DescribedType(woven, superClass.asErasure(), recognition);
        }

        @Override
        public List<TypeDeclaration> interfaces() {
            List<TypeDeclaration> out = new ArrayList<>();
            for (TypeDescription.Generic i : type.getInterfaces()) {
                out.add(new DescribedType(woven, i.asErasure(), recognition));
            }
            return out;
        }

        @Override
        public List<MethodDeclaration> methods() {
            List<MethodDeclaration> out = new ArrayList<>();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                out.add(new DescribedMethod(woven, m, recognition));
            }
            return out;
        }

        @Override
        public boolean recognised() {
            return recognition.mayDeclare(type);
        }
    }

    private static final class DescribedMethod implements MethodDeclaration {
        private final TypeDescription woven;
        private final MethodDescription method;
        private final Recognition recognition;

        DescribedMethod(TypeDescription woven, MethodDescription method, Recognition recognition) {
            this.woven = woven;
            this.method = method;
            this.recognition = recognition;
        }

        @Override
        public String name() {
            return method.getInternalName();
        }

        @Override
        public String descriptor() {
            return method.getDescriptor();
        }

        @Override
        public int modifiers() {
            return method.getModifiers();
        }

        @Override
        public String declaringType() {
            return method.getDeclaringType().asErasure().getName();
        }

        @Override
        public String declaringSimpleName() {
            return method.getDeclaringType().asErasure().getSimpleName();
        }

        @Override
        public int parameterCount() {
            return method.getParameters().size();
        }

        @Override
        public List<String> parameterNames() {
            List<String> names = new ArrayList<>();
            for (ParameterDescription p : method.getParameters()) {
                if (!p.isNamed()) {
                    return null;
                }
                names.add(p.getName());
            }
            return names;
        }

        @Override
        public String parameterType(int index) {
            return parameter(index).getName();
        }

        private TypeDescription parameter(int index) {
            return method.getParameters().get(index).getType().asErasure();
        }

        @Override
        public String returnType() {
            return method.getReturnType().asErasure().getName();
        }

        @Override
        public boolean parameterAssignableTo(int index, MethodDeclaration other) {
            TypeDescription theirs = ((DescribedMethod) other).parameter(index);
            TypeDescription own = parameter(index);
            return own.equals(theirs) || own.isAssignableTo(theirs);
        }

        @Override
        public boolean returnsCompletionStage() {
            return method.getReturnType().asErasure().isAssignableTo(CompletionStage.class);
        }

        @Override
        public List<AnnotationSource> writtenAnnotations() {
            List<AnnotationSource> out = List.of();
            for (AnnotationDescription a : method.getDeclaredAnnotations()) {
                if (AnnotationNames.ALL.contains(a.getAnnotationType().getName())) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>();
                    }
                    out.add(new DescribedAnnotation(a));
                }
            }
            return out;
        }

        @Override
        public List<AnnotationSource> recognisedAnnotations() {
            List<AnnotationSource> out = new ArrayList<>();
            for (AnnotationDescription a : recognition.annotationsOf(woven, method)) {
                out.add(new DescribedAnnotation(a));
            }
            return out;
        }
    }

    /** Read defensively: an older annotations jar may lack a member, which then reads as absent. */
    private static final class DescribedAnnotation implements AnnotationSource {
        private final AnnotationDescription annotation;

        DescribedAnnotation(AnnotationDescription annotation) {
            this.annotation = annotation;
        }

        @Override
        public String typeName() {
            return annotation.getAnnotationType().getName();
        }

        @Override
        public String string(String member) {
            return value(member, String.class);
        }

        @Override
        public String[] strings(String member) {
            return value(member, String[].class);
        }

        @Override
        public Integer integer(String member) {
            return value(member, Integer.class);
        }

        @Override
        public String enumeration(String member) {
            EnumerationDescription constant = value(member, EnumerationDescription.class);
            return constant == null ? null : constant.getValue();
        }

        @Override
        public AnnotationSource annotation(String member) {
            AnnotationDescription nested = value(member, AnnotationDescription.class);
            return nested == null ? null : new DescribedAnnotation(nested);
        }

        private <T> T value(String member, Class<T> type) {
            try {
                return annotation.getValue(member).resolve(type);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
