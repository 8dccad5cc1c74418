package sh.ratri.agent.weave;

import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the class files of the {@code sh.ratri.annotations} types from the agent jar's own copy
 * (resources under {@code ratri-annotations/}, never defined as classes). Byte Buddy drops an
 * annotation whose type it cannot describe, so without this a class whose loader has no
 * annotations jar (a compile-only dependency) or serves no class files (it only
 * {@code defineClass}es) would match nothing. Asked after the class's own loader, so an
 * application's annotations jar, of whatever version, is read first.
 */
public final class BundledAnnotations implements ClassFileLocator {

    public static final BundledAnnotations LOCATOR = new BundledAnnotations();

    private static final String PACKAGE = "sh.ratri.annotations.";
    private static final String DIRECTORY = "ratri-annotations/";
    private static final byte[] ABSENT = new byte[0];

    private final Map<String, byte[]> classFiles = new ConcurrentHashMap<>();

    private BundledAnnotations() {
    }

    @Override
    public Resolution locate(String name) {
        if (!name.startsWith(PACKAGE)) {
            return new Resolution.Illegal(name);
        }
        byte[] classFile = classFiles.computeIfAbsent(name, BundledAnnotations::read);
        return classFile == ABSENT ? new Resolution.Illegal(name) : new Resolution.Explicit(classFile);
    }

    private static byte[] read(String name) {
        String path = DIRECTORY + name.replace('.', '/') + ".class";
        try (InputStream in = BundledAnnotations.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? ABSENT : in.readAllBytes();
        } catch (IOException e) {
            return ABSENT;
        }
    }

    @Override
    public void close() {
        // holds no resource
    }
}
