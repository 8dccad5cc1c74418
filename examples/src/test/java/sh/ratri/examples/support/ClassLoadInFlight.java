package sh.ratri.examples.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A peer agent that keeps one JDK class in the middle of being loaded, on a thread of its own, while
 * Ratri's agent starts: the load has passed every transformer that existed when it began, and the
 * class is not yet among the loaded ones. Ratri's own exporter thread can be there at premain (its
 * sink's file name asks {@code ProcessHandle} for the pid, whose class initialiser builds a
 * {@code ThreadPoolExecutor}), and so can any thread of the application when Ratri attaches late;
 * this makes that moment last instead of a few microseconds. It holds the load of the class's
 * superclass, which the JVM makes after the class's transformers ran and before the class is defined.
 *
 * <pre>{@code
 * Path peer = ClassLoadInFlight.jar(dir);
 * ForkedJvm.scenario("threads").in(dir)
 *         .peerAgent(peer, "hold=java.util.concurrent.ThreadPoolExecutor", true)
 *         .peerAgent(peer, "release", false).run();
 * }</pre>
 *
 * The load ends when Ratri's premain has returned (the second {@code -javaagent}, after Ratri's), or
 * as soon as Ratri's premain waits for that class itself, which it could otherwise do forever.
 * Prints one line starting {@code class-load-in-flight:} saying which of the two ended it.
 *
 * <p>With {@code threads-at-retransform=<class>} instead, it holds nothing and prints the names of
 * the threads of the main group alive when that class is retransformed: whether another thread
 * could have been loading classes while Ratri rewrote the JDK's.
 */
public final class ClassLoadInFlight implements ClassFileTransformer {

    public static final String PRINTS = "class-load-in-flight: ";
    private static final String LOADER_THREAD = "class-load-in-flight";
    private static final long GIVE_UP_SECONDS = 60;

    private static final CountDownLatch LOADING = new CountDownLatch(1);
    private static final CountDownLatch RELEASED = new CountDownLatch(1);

    /** The superclass of the class held: the class's load waits inside its load. */
    private final String heldAt;
    private final String watched;

    private ClassLoadInFlight(String heldAt, String watched) {
        this.heldAt = heldAt;
        this.watched = watched;
    }

    /** The agent jar, written into {@code dir}: this one class and a manifest naming it. */
    public static Path jar(Path dir) throws IOException {
        Path jar = dir.resolve("class-load-in-flight.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ClassLoadInFlight.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        String entry = ClassLoadInFlight.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream classFile = ClassLoadInFlight.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws InterruptedException {
        if (arguments.equals("release")) {
            release("ended after the Ratri agent started");
            return;
        }
        if (arguments.startsWith("threads-at-retransform=")) {
            String watched = arguments.substring("threads-at-retransform=".length()).replace('.', '/');
            instrumentation.addTransformer(new ClassLoadInFlight(null, watched), true);
            return;
        }
        String className = arguments.substring("hold=".length());
        String superclass = superclassName(className);
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().equals(className) || loaded.getName().equals(superclass)) {
                System.out.println(PRINTS + loaded.getName() + " was loaded before any agent started: nothing held");
                return;
            }
        }
        instrumentation.addTransformer(new ClassLoadInFlight(superclass.replace('.', '/'), null));
        Thread loader = new Thread(() -> load(className), LOADER_THREAD);
        loader.setDaemon(true);
        loader.start();
        if (!LOADING.await(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
            System.out.println(PRINTS + className + " did not start loading");
            return;
        }
        Thread starting = Thread.currentThread();
        Thread watcher = new Thread(() -> releaseWhenWaitedFor(starting), LOADER_THREAD + "-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (classBeingRedefined != null && watched != null && watched.equals(className)) {
            printThreadsAlive(className);
        }
        if (heldAt != null && heldAt.equals(className) && Thread.currentThread().getName().equals(LOADER_THREAD)) {
            LOADING.countDown();
            try {
                RELEASED.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    /** Read from the class file, as loading the class to ask would spoil the experiment. */
    private static String superclassName(String className) {
        String resource = className.replace('.', '/') + ".class";
        try (DataInputStream in = new DataInputStream(ClassLoader.getSystemResourceAsStream(resource))) {
            in.readInt(); // magic
            in.readInt(); // minor and major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two entries
                    }
                    default -> throw new IOException("constant pool tag " + tag + " in " + resource);
                }
            }
            in.readUnsignedShort(); // access flags
            in.readUnsignedShort(); // this class
            return utf8[classNameIndex[in.readUnsignedShort()]].replace('/', '.');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printThreadsAlive(String retransformed) {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() + 8];
        StringBuilder names = new StringBuilder();
        for (int i = 0, n = group.enumerate(threads); i < n; i++) {
            names.append(i == 0 ? "" : ",").append(threads[i].getName());
        }
        System.out.println(PRINTS + "threads alive when " + retransformed + " was retransformed: " + names);
    }

    private static void load(String className) {
        try {
            Class.forName(className, false, null);
        } catch (ClassNotFoundException e) {
            System.out.println(PRINTS + className + " is not in this JDK");
            LOADING.countDown();
        }
    }

    /** Ends the held load once the premain thread waits for a class inside the Ratri agent's code. */
    private static void releaseWhenWaitedFor(Thread starting) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (RELEASED.getCount() > 0) {
            if (loadsAClassForRatri(starting.getStackTrace())) {
                release("ended when the Ratri agent waited for it");
            } else if (System.nanoTime() > giveUp) {
                release("ended after " + GIVE_UP_SECONDS + " s: the premain thread is stuck elsewhere");
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static boolean loadsAClassForRatri(StackTraceElement[] stack) {
        for (int i = 0; i + 1 < stack.length; i++) {
            if (stack[i].getClassName().equals("java.lang.Class") && stack[i].getMethodName().equals("forName0")) {
                for (int caller = i + 1; caller < stack.length; caller++) {
                    if (stack[caller].getClassName().startsWith("sh.ratri.agent.")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private static synchronized void release(String how) {
        if (RELEASED.getCount() > 0) {
            System.out.println(PRINTS + how);
            RELEASED.countDown();
        }
    }
}
