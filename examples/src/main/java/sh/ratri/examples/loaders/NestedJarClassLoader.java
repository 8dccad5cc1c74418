package sh.ratri.examples.loaders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;

/**
 * Loads classes from a jar nested inside another jar ({@code BOOT-INF/lib/app.jar}), as Spring
 * Boot's launcher does: the nested jar is read from the outer one and each class is
 * {@code defineClass}d from its bytes. With {@code servesResources} it also answers
 * {@code getResource}/{@code getResourceAsStream} for the nested jar's files (Spring Boot does);
 * without, classes exist only as defined classes, and nobody can read their class files.
 */
public final class NestedJarClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> files = new HashMap<>();
    private final boolean servesResources;
    private final ProtectionDomain domain;
    private final URLStreamHandler handler = new NestedHandler();
    private final String base;

    public NestedJarClassLoader(Path outerJar, String nestedEntry, boolean servesResources, ClassLoader parent)
            throws IOException {
        super("nested-jar", parent);
        this.servesResources = servesResources;
        try (JarFile outer = new JarFile(outerJar.toFile())) {
            JarEntry nested = outer.getJarEntry(nestedEntry);
            if (nested == null) {
                throw new IOException(outerJar + " has no " + nestedEntry);
            }
            try (JarInputStream in = new JarInputStream(outer.getInputStream(nested))) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (!e.isDirectory()) {
                        files.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        this.base = outerJar.toUri() + "!/" + nestedEntry + "!/";
        this.domain = new ProtectionDomain(new CodeSource(new URL(null, "nested:" + base, handler),
                (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = files.get(name.replace('.', '/') + ".class");
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        if (!servesResources || !files.containsKey(name)) {
            return null;
        }
        try {
            return new URL(null, "nested:" + base + name, handler);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
    }

    /** Writes an outer jar holding {@code inner} (stored, as Spring Boot requires) at {@code entry}. */
    public static void writeOuterJar(Path outerJar, String entry, byte[] inner) throws IOException {
        try (JarOutputStream out =
                     new JarOutputStream(Files.newOutputStream(outerJar))) {
            JarEntry nested = new JarEntry(entry);
            nested.setMethod(JarEntry.STORED);
            nested.setSize(inner.length);
            nested.setCompressedSize(inner.length);
            CRC32 crc = new CRC32();
            crc.update(inner);
            nested.setCrc(crc.getValue());
            out.putNextEntry(nested);
            out.write(inner);
            out.closeEntry();
        }
    }

    /** A jar, in memory, of these files (entry name → bytes). */
    public static byte[] jarOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Serves {@code nested:…!/name} URLs from the files read out of the nested jar. */
    private final class NestedHandler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            String spec = url.toString();
            String name = spec.startsWith("nested:" + base) ? spec.substring(("nested:" + base).length()) : "";
            byte[] bytes = files.get(name);
            if (bytes == null) {
                throw new IOException("not in the nested jar: " + url);
            }
            return new URLConnection(url) {
                @Override
                public void connect() {
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    }
}
