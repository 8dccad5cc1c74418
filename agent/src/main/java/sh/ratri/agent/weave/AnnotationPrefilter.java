package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.utility.OpenedClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Decides from a class file's bytes, before anything is parsed, whether the class may
 * declare a call site: it, or one of its superclasses or interfaces outside the JDK, names a Ratri
 * annotation. A superset of {@link CallSiteReader#mayDeclareCallSites}, so it never hides a class
 * that would be woven; {@link CallSiteReader} makes the exact decision for the classes that pass.
 */
final class AnnotationPrefilter {

    /** Every annotated method's class file holds this, in the annotation's type descriptor. */
    private static final byte[] ANNOTATION_DESCRIPTOR = "Lsh/ratri/annotations/".getBytes(StandardCharsets.US_ASCII);

    private AnnotationPrefilter() {
    }

    /** True when the class cannot be ruled out; supertypes are read through {@code loader}. */
    static boolean mayDeclareCallSites(ClassLoader loader, byte[] classFile) {
        return mayDeclareCallSites(loader, null, classFile, (name, bytes) -> false, new HashSet<>());
    }

    /**
     * The same, when {@code recognised} (an internal class name and its class file) may also make the
     * class or one of its supertypes declare a call site.
     */
    static boolean mayDeclareCallSites(ClassLoader loader, String internalName, byte[] classFile,
                                       BiPredicate<String, byte[]> recognised) {
        return mayDeclareCallSites(loader, internalName, classFile, recognised, new HashSet<>());
    }

    /** Classes of these names are never woven (see {@link SkippedPackages}). */
    static boolean ignored(String internalName) {
        return SkippedPackages.isNeverWoven(internalName);
    }

    private static boolean mayDeclareCallSites(ClassLoader loader, String internalName, byte[] classFile,
                                               BiPredicate<String, byte[]> recognised, Set<String> seen) {
        if (contains(classFile, ANNOTATION_DESCRIPTOR)) {
            return true;
        }
        ClassReader reader = OpenedClassReader.of(classFile);
        if (recognised.test(internalName == null ? reader.getClassName() : internalName, classFile)) {
            return true;
        }
        String superName = reader.getSuperName();
        if (superName != null && mayDeclareCallSites(loader, superName, recognised, seen)) {
            return true;
        }
        for (String iface : reader.getInterfaces()) {
            if (mayDeclareCallSites(loader, iface, recognised, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayDeclareCallSites(ClassLoader loader, String internalName,
                                               BiPredicate<String, byte[]> recognised, Set<String> seen) {
        if (SkippedPackages.isPlatform(internalName) || !seen.add(internalName)) {
            return false;
        }
        byte[] classFile;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return true; // unreadable: let the weaver decide, as it did for every class
            }
            classFile = in.readAllBytes();
        } catch (IOException e) {
            return true;
        }
        return mayDeclareCallSites(loader, internalName, classFile, recognised, seen);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return true;
            }
        }
        return false;
    }
}
