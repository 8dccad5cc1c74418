package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the JVM does with the transformers an agent registers, in process: {@link #instrumentation()}
 * is handed to the code under test and keeps what it registers (nothing is loaded yet, so nothing is
 * retransformed); {@link #load} passes a class file through them in registration order, as class
 * loading would, and returns what comes out, or null when none of them changed it.
 */
final class LoadingJvm {

    private final List<ClassFileTransformer> transformers = new ArrayList<>();

    Instrumentation instrumentation() {
        return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addTransformer")) {
                        transformers.add((ClassFileTransformer) args[0]);
                        return null;
                    }
                    Class<?> returned = method.getReturnType();
                    if (returned == boolean.class) {
                        return false;
                    }
                    if (returned == long.class) {
                        return 0L;
                    }
                    return returned.isArray() ? java.lang.reflect.Array.newInstance(returned.getComponentType(), 0)
                            : null;
                });
    }

    /** The class file of {@code type} after every transformer, loaded by {@code loader}; null when unchanged. */
    byte[] load(ClassLoader loader, Class<?> type) {
        return load(loader, type.getName().replace('.', '/'), classFile(type));
    }

    byte[] load(ClassLoader loader, String internalName, byte[] classFile) {
        byte[] current = classFile;
        boolean changed = false;
        for (ClassFileTransformer transformer : transformers) {
            try {
                byte[] out = transformer.transform(loader, internalName, null, null, current);
                if (out != null) {
                    current = out;
                    changed = true;
                }
            } catch (IllegalClassFormatException e) {
                throw new AssertionError(e);
            }
        }
        return changed ? current : null;
    }

    /** The class file as its loader (or the JDK's image, for a JDK class) serves it. */
    static byte[] classFile(Class<?> type) {
        return classFile(type.getName().replace('.', '/'));
    }

    static byte[] classFile(String internalName) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names and descriptors of the methods of {@code classFile} whose body calls {@code owner} (an internal name). */
    static Set<String> methodsCalling(byte[] classFile, String owner) {
        return callsTo(classFile, owner).keySet();
    }

    /** For each method of {@code classFile} that calls {@code owner}: the names it calls there, in order. */
    static Map<String, List<String>> callsTo(byte[] classFile, String owner) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String calledOwner, String calledName,
                                                String calledDescriptor, boolean isInterface) {
                        if (calledOwner.equals(owner)) {
                            found.computeIfAbsent(name + descriptor, method -> new ArrayList<>()).add(calledName);
                        }
                    }
                };
            }
        }, 0);
        return found;
    }
}
