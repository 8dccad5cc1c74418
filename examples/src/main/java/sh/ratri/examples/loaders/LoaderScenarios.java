package sh.ratri.examples.loaders;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The support-ops pipeline loaded by loaders other than the application class loader. Each prints
 * which loader defined the pipeline and the annotations, then what the pipeline returned.
 */
public final class LoaderScenarios {

    static final String NESTED_ENTRY = "BOOT-INF/lib/app.jar";

    private LoaderScenarios() {
    }

    /** A child-first {@code URLClassLoader} over the examples jar, its parent the platform loader. */
    public static void childFirst() throws Exception {
        URL[] urls = {IsolatedPipeline.examplesJar().toUri().toURL()};
        try (ChildFirstClassLoader loader = new ChildFirstClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            System.out.println(IsolatedPipeline.describe(loader));
            System.out.println(IsolatedPipeline.run(loader));
        }
    }

    /**
     * A Spring-Boot-like fat jar, built now: the pipeline and annotations in a jar, nested at
     * {@code BOOT-INF/lib/app.jar} of an outer jar in a temp file, loaded by a {@code defineClass}
     * loader whose parent is the platform loader.
     */
    public static void nestedJar(boolean servesResources) throws Exception {
        Path outer = Files.createTempFile("ratri-fat", ".jar");
        try {
            NestedJarClassLoader.writeOuterJar(outer, NESTED_ENTRY,
                    NestedJarClassLoader.jarOf(IsolatedPipeline.classFiles()));
            NestedJarClassLoader loader = new NestedJarClassLoader(outer, NESTED_ENTRY, servesResources,
                    ClassLoader.getPlatformClassLoader());
            System.out.println(IsolatedPipeline.describe(loader) + (servesResources
                    ? ", class files served as resources" : ", class files not served"));
            System.out.println(IsolatedPipeline.run(loader));
        } finally {
            deleteQuietly(outer);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }
}
