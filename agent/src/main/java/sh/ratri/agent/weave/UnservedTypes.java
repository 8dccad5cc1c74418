package sh.ratri.agent.weave;

import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Describes the types a woven class names when its class loader defines classes but serves no class
 * files as resources. Byte Buddy reads types from class files; finding none, it would drop the Ratri
 * annotations (nothing woven) and fail on every other type named in a method signature.
 * <ul>
 *   <li>A Ratri annotation type is left to the class files: the agent jar's own copy of them
 *       ({@link BundledAnnotations}) answers when the loader does not.</li>
 *   <li>Any other type is described by its name only, as a class extending {@code Object} that
 *       declares nothing: that is all the woven method signatures need (an annotation it would
 *       pass down to an override is not seen). It is never loaded from here: loading an application
 *       class inside the transformer could define a class twice (a {@code LinkageError} in the
 *       application) or deadlock two threads that load classes.</li>
 * </ul>
 * Every type whose class file the loader serves, and the class being woven, are left to the class
 * files. Byte Buddy asks a parent type pool before reading class files: this is that parent, one
 * per woven class, like the pool it serves.
 */
final class UnservedTypes implements TypePool {

    private static final String ANNOTATIONS = "sh.ratri.annotations.";
    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");

    private final ClassLoader loader;
    private final String wovenType;
    private final Map<String, Resolution> described = new HashMap<>();

    UnservedTypes(ClassLoader loader, String wovenType) {
        this.loader = loader;
        this.wovenType = wovenType;
    }

    @Override
    public Resolution describe(String name) {
        if (name.equals(wovenType) || name.indexOf('[') >= 0 || PRIMITIVES.contains(name)) {
            return new Resolution.Illegal(name);
        }
        return described.computeIfAbsent(name, this::describeUnserved);
    }

    private Resolution describeUnserved(String name) {
        try {
            if (loader.getResource(name.replace('.', '/') + ".class") != null) {
                return new Resolution.Illegal(name); // served: read from its class file, as for any type
            }
            if (name.startsWith(ANNOTATIONS)) {
                return new Resolution.Illegal(name); // read from the agent jar's own copy: BundledAnnotations
            }
            return new Resolution.Simple(new NameOnly(name));
        } catch (LinkageError | RuntimeException e) {
            return new Resolution.Illegal(name);
        }
    }

    @Override
    public void clear() {
        described.clear();
    }

    /** A class known by its name only: it extends {@code Object} and declares nothing that can be seen. */
    private static final class NameOnly extends TypeDescription.Latent {
        NameOnly(String name) {
            super(name, Visibility.PUBLIC.getMask(),
                    TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class));
        }

        @Override
        public MethodList<MethodDescription.InDefinedShape> getDeclaredMethods() {
            return new MethodList.Empty<>();
        }

        @Override
        public FieldList<FieldDescription.InDefinedShape> getDeclaredFields() {
            return new FieldList.Empty<>();
        }

        @Override
        public AnnotationList getDeclaredAnnotations() {
            return new AnnotationList.Empty();
        }
    }
}
