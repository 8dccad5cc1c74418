package sh.ratri.agent.weave;

/**
 * One annotation's members as {@link AnnotationMembers} reads them, whoever read the annotation:
 * Byte Buddy's description (attaching, recognised methods) or the class file itself (load time).
 * Each getter answers null when the member is absent or of another kind, and the reader applies
 * the annotation's default: the values written into a class file are only those not left at it.
 */
interface AnnotationSource {

    /** {@code sh.ratri.annotations.Tool}. */
    String typeName();

    String string(String member);

    String[] strings(String member);

    Integer integer(String member);

    /** The constant's name, such as {@code HIGH}. */
    String enumeration(String member);

    AnnotationSource annotation(String member);
}
