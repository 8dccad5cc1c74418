package sh.ratri.agent.weave;

import java.util.List;

/**
 * A class or interface as {@link CallSiteReader} reads it, from Byte Buddy's description (attaching)
 * or from class files (load time): one reader, whichever read the type. A supertype that cannot be
 * read is a type that declares nothing.
 */
interface TypeDeclaration {

    /** The binary name ({@code com.acme.Desk$Inner}). */
    String name();

    /** Null for {@code Object}, an interface, or a superclass that cannot be read. */
    TypeDeclaration superClass();

    List<TypeDeclaration> interfaces();

    List<MethodDeclaration> methods();

    /** Whether a recognizer (a framework, a {@code weave} rule) may give one of its methods annotations. */
    boolean recognised();
}
