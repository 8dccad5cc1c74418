package sh.ratri.agent.weave;

import sh.ratri.agent.kotlin.KotlinNames;

import java.util.List;

/**
 * The packages the weaver never looks into, in one place for load-time weaving, attaching and the
 * walk up a type's hierarchy. Names may be spelled with dots ({@code java.util.List}) or, as in
 * class files, with slashes ({@code java/util/List}).
 */
final class SkippedPackages {

    /**
     * Platform and language runtimes: their types never carry Ratri annotations. Kotlin's is spelled
     * at run time: the shade plugin would rewrite a literal "kotlin." to the agent's relocated copy.
     */
    private static final List<String> PLATFORM = List.of("java.", "javax.", "jdk.", "sun.",
            KotlinNames.binary(KotlinNames.internal("")), "scala.");
    /** Also never woven: the agent's own classes, Byte Buddy's, and the JDK's com.sun internals. */
    private static final List<String> TOOLING = List.of("sh.ratri.agent.", "net.bytebuddy.", "com.sun.");

    private SkippedPackages() {
    }

    /** A supertype the hierarchy walk stops at. */
    static boolean isPlatform(String name) {
        return startsWithAny(name, PLATFORM);
    }

    /** A class that is never woven. */
    static boolean isNeverWoven(String name) {
        return isPlatform(name) || startsWithAny(name, TOOLING);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (startsWith(name, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code prefix} is dotted; a slash in {@code name} matches its dots. */
    private static boolean startsWith(String name, String prefix) {
        if (name.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = name.charAt(i);
            char p = prefix.charAt(i);
            if (c != p && !(p == '.' && c == '/')) {
                return false;
            }
        }
        return true;
    }
}
