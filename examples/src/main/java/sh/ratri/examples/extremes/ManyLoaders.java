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
        System.gc();
        System.gc();
        callOnce(classFile, "SUP-last"); // one more definition after the collection
        System.out.println("loaders " + (loaders + 1));
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
