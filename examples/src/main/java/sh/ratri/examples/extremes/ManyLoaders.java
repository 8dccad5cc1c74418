package sh.ratri.examples.extremes;

import javax.management.ObjectName;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * An application that keeps making class loaders, as one that redeploys or generates classes does:
 * each defines the annotated {@code SupportTools} anew, calls its tool once and is dropped. After a
 * GC it prints how many call-site descriptors the agent still holds, from the JVM's class histogram.
 */
public class ManyLoaders {

    private static final String TOOLS = "sh.ratri.examples.supportops.SupportTools";

    /** Defines one class from bytes, and nothing else. */
    static final class OneClassLoader extends ClassLoader {
        OneClassLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(byte[] classFile) {
            return defineClass(TOOLS, classFile, 0, classFile.length);
        }
    }

    public static void main(String[] args) throws Exception {
        int loaders = Integer.parseInt(args[0]);
        byte[] classFile;
        try (InputStream in = ManyLoaders.class.getClassLoader()
                .getResourceAsStream(TOOLS.replace('.', '/') + ".class")) {
            classFile = in.readAllBytes();
        }
        for (int i = 0; i < loaders; i++) {
            callOnce(classFile, "SUP-" + i);
        }
        // the agent releases a collected loader's call sites at the next definition after the JVM's
        // reference handler has queued that loader, which it does on its own thread: as an application
        // that keeps redeploying, define a few more, each after a collection
        int later = 5;
        for (int i = 0; i < later; i++) {
            System.gc();
            Thread.sleep(100);
            callOnce(classFile, "SUP-later-" + i);
        }
        System.out.println("loaders " + (loaders + later));
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        System.out.println("CallSite instances " + instances(histogram, "sh.ratri.agent.timeline.CallSite"));
        System.out.println("Template instances " + instances(histogram, "sh.ratri.agent.timeline.Template"));
    }

    private static void callOnce(byte[] classFile, String ticketId) throws Exception {
        Class<?> tools = new OneClassLoader(ManyLoaders.class.getClassLoader()).define(classFile);
        Method compose = tools.getMethod("composeReply", String.class, String.class, String.class);
        compose.invoke(tools.getConstructor().newInstance(), ticketId, "Acme", "thanks");
    }

    /** The instance count of {@code className} in a {@code GC.class_histogram}; 0 when absent. */
    private static long instances(String histogram, String className) {
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
