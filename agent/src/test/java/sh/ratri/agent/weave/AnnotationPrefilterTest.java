package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationPrefilterTest {

    /** Serves the class files made here as resources, as a class loader serves a jar's. */
    private final Map<String, byte[]> classFiles = new HashMap<>();
    private final ClassLoader loader = new ClassLoader(null) {
        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] bytes = classFiles.get(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }
    };

    @Test
    void classWithAnAnnotatedMethodPasses() {
        byte[] pipeline = define("app/Pipeline", "java/lang/Object", "Lsh/ratri/annotations/Run;");

        assertThat(AnnotationPrefilter.mayDeclareCallSites(loader, pipeline)).isTrue();
    }

    @Test
    void classWithoutRatriAnnotationsIsRuledOut() {
        define("app/Base", "java/lang/Object", "Ljava/lang/Deprecated;");
        byte[] plain = define("app/Plain", "app/Base", null, "java/lang/Runnable");

        assertThat(AnnotationPrefilter.mayDeclareCallSites(loader, plain)).isFalse();
    }

    @Test
    void implementationOfAnAnnotatedInterfacePasses() {
        define("app/Agent", "java/lang/Object", "Lsh/ratri/annotations/Tool;");
        define("app/NamedAgent", "java/lang/Object", null, "app/Agent");
        byte[] impl = define("app/AgentImpl", "java/lang/Object", null, "java/lang/Runnable", "app/NamedAgent");

        assertThat(AnnotationPrefilter.mayDeclareCallSites(loader, impl)).isTrue();
    }

    @Test
    void subclassOfAnAnnotatedSuperclassPasses() {
        define("app/Base", "java/lang/Object", "Lsh/ratri/annotations/Session;");
        define("app/Middle", "app/Base", null);
        byte[] leaf = define("app/Leaf", "app/Middle", null);

        assertThat(AnnotationPrefilter.mayDeclareCallSites(loader, leaf)).isTrue();
    }

    @Test
    void supertypeWhoseClassFileCannotBeReadLeavesTheDecisionToByteBuddy() {
        byte[] orphan = define("app/Orphan", "app/Missing", null);

        assertThat(AnnotationPrefilter.mayDeclareCallSites(loader, orphan)).isTrue();
    }

    @Test
    void ownJdkAndByteBuddyClassesAreIgnoredByName() {
        assertThat(AnnotationPrefilter.ignored("sh/ratri/agent/weave/Weaver")).isTrue();
        assertThat(AnnotationPrefilter.ignored("java/util/ArrayList")).isTrue();
        assertThat(AnnotationPrefilter.ignored("net/bytebuddy/ByteBuddy")).isTrue();
        assertThat(AnnotationPrefilter.ignored("kotlin/collections/ArraysKt")).isTrue();
        assertThat(AnnotationPrefilter.ignored("sh/ratri/examples/SupportOps")).isFalse();
    }

    /** A class with one method, annotated with {@code annotation} unless it is null. */
    private byte[] define(String name, String superName, String annotation, String... interfaces) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, interfaces);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "handle", "()V", null,
                null);
        if (annotation != null) {
            method.visitAnnotation(annotation, true).visitEnd();
        }
        method.visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        classFiles.put(name + ".class", bytes);
        return bytes;
    }
}
