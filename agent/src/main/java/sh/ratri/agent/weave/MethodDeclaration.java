package sh.ratri.agent.weave;

import java.util.List;

/** A method as {@link CallSiteReader} reads it; see {@link TypeDeclaration}. */
interface MethodDeclaration {

    String name();

    String descriptor();

    /** The access flags of the class file ({@code Opcodes.ACC_*}). */
    int modifiers();

    /** The binary name of the type that declares it. */
    String declaringType();

    /** {@link Class#getSimpleName()} of that type: empty for an anonymous class. */
    String declaringSimpleName();

    int parameterCount();

    /** The parameters' names from {@code -parameters}, or null when a parameter has none. */
    List<String> parameterNames();

    /** The binary name of the erasure of parameter {@code index} ({@code int}, {@code java.lang.String[]}). */
    String parameterType(int index);

    /** The binary name of the erasure of the return type. */
    String returnType();

    /** Whether parameter {@code index} can be passed where {@code other} takes its parameter {@code index}. */
    boolean parameterAssignableTo(int index, MethodDeclaration other);

    /** Whether the return type is, or extends, {@code java.util.concurrent.CompletionStage}. */
    boolean returnsCompletionStage();

    /** The Ratri annotations written on it. */
    List<AnnotationSource> writtenAnnotations();

    /** The Ratri annotations a recognizer gives it in the type being woven. */
    List<AnnotationSource> recognisedAnnotations();
}
