package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.List;

/**
 * Gives methods that carry no Ratri annotation the annotations they would carry: a framework's
 * tools and agents, or the lines of a {@code weave} rules file. What it gives is read exactly as
 * written annotations are, so a recognised method records the same events; a Ratri annotation
 * written on the same method wins.
 *
 * <p>Frameworks are matched by class and annotation <em>names</em>: the agent never depends on one.
 */
public interface Recognizer {

    /**
     * Whether the class being loaded may declare a recognised method. Asked of every class the JVM
     * loads, before anything is parsed, so it must be cheap: a name or a byte string.
     *
     * @param internalName the class's name with slashes ({@code com/acme/Ops})
     */
    boolean mayDeclare(String internalName, byte[] classFile);

    /** The same question, for a type Byte Buddy already described (attaching, or a supertype). */
    boolean mayDeclare(TypeDescription type);

    /**
     * The Ratri annotations {@code declaration} carries as if written on it, when {@code woven} (which
     * declares it, or inherits or implements it) is woven; empty when none.
     */
    List<AnnotationDescription> annotationsOf(TypeDescription woven, MethodDescription declaration);
}
