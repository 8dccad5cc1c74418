package sh.ratri.examples.loaders;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The support-ops pipeline as another class loader sees it: its classes and the Ratri annotations
 * are loaded by that loader (never by the application class loader) and called reflectively, as a
 * framework would.
 */
public final class IsolatedPipeline {

    static final String PIPELINE = "sh.ratri.examples.supportops.SupportOpsPipeline";
    static final String SESSION_ANNOTATION = "sh.ratri.annotations.Session";
    /** The packages a separate loader must serve itself: the pipeline and the annotations. */
    static final String[] PACKAGES = {"sh/ratri/examples/supportops/", "sh/ratri/annotations/"};

    private IsolatedPipeline() {
    }

    /** Runs the pipeline through {@code loader}, returning what it returned. */
    public static String run(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> pipeline = Class.forName(PIPELINE, true, loader);
        Object ticket = pipeline.getMethod("escalation").invoke(null);
        Method handle = pipeline.getMethod("handle", ticket.getClass());
        return (String) handle.invoke(pipeline.getConstructor().newInstance(), ticket);
    }

    /** One line naming the loaders of the pipeline and of {@code @Session}, as the loader resolves them. */
    public static String describe(ClassLoader loader) throws ClassNotFoundException {
        Class<?> pipeline = Class.forName(PIPELINE, false, loader);
        Class<?> session = Class.forName(SESSION_ANNOTATION, false, loader);
        return "pipeline loaded by " + loaderName(pipeline) + ", @Session loaded by " + loaderName(session);
    }

    private static String loaderName(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    /** The examples jar this class was loaded from. */
    static Path examplesJar() {
        try {
            return Path.of(IsolatedPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class files of the pipeline and the annotations, read from the examples jar, by entry name. */
    static Map<String, byte[]> classFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(examplesJar().toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && inPackages(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    private static boolean inPackages(String entry) {
        for (String p : PACKAGES) {
            if (entry.startsWith(p) && entry.indexOf('/', p.length()) < 0) {
                return true;
            }
        }
        return false;
    }
}
