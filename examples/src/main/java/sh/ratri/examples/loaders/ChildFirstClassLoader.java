package sh.ratri.examples.loaders;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A child-first {@link URLClassLoader}, as plugin systems and application servers use: it looks in
 * its own URLs before asking its parent, except for the JDK's own classes.
 */
public final class ChildFirstClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    public ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && !name.startsWith("java.")) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException notMine) {
                    // fall through to the parent
                }
            }
            if (type == null) {
                type = super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }
}
