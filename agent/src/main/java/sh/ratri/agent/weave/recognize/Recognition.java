package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The recognizers in force: the frameworks the {@code recognize} key names (DESIGN §7), then the
 * rules of the {@code weave} file. A framework that is switched off costs nothing: its recognizer
 * is never made.
 */
public final class Recognition {

    private final Set<String> frameworks;
    private final List<Recognizer> recognizers = new ArrayList<>();

    /** {@code frameworks}: the {@code recognize} key's values; empty for {@code none}. */
    public Recognition(Set<String> frameworks) {
        this.frameworks = frameworks;
    }

    /** Nothing is recognised: only written annotations are woven. */
    public static Recognition none() {
        return new Recognition(Set.of());
    }

    /** Whether the {@code recognize} key names {@code framework}. */
    public boolean recognizes(String framework) {
        return frameworks.contains(framework);
    }

    /** Adds the framework's recognizer when {@code recognize} names it. */
    public Recognition install(String framework, Supplier<Recognizer> recognizer) {
        if (frameworks.contains(framework)) {
            recognizers.add(recognizer.get());
        }
        return this;
    }

    /** Adds a recognizer that is not a framework's (the {@code weave} rules). */
    public Recognition add(Recognizer recognizer) {
        recognizers.add(recognizer);
        return this;
    }

    public boolean mayDeclare(String internalName, byte[] classFile) {
        for (Recognizer r : recognizers) {
            if (r.mayDeclare(internalName, classFile)) {
                return true;
            }
        }
        return false;
    }

    public boolean mayDeclare(TypeDescription type) {
        for (Recognizer r : recognizers) {
            if (r.mayDeclare(type)) {
                return true;
            }
        }
        return false;
    }

    /** The recognised annotations of {@code declaration}, the first recognizer's first. */
    public List<AnnotationDescription> annotationsOf(TypeDescription woven, MethodDescription declaration) {
        List<AnnotationDescription> out = List.of();
        for (Recognizer r : recognizers) {
            List<AnnotationDescription> found = r.annotationsOf(woven, declaration);
            if (!found.isEmpty()) {
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.addAll(found);
            }
        }
        return out;
    }
}
