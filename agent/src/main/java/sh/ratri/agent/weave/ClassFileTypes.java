package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;
import sh.ratri.agent.weave.recognize.Recognition;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Types read from their class files, for load-time weaving: the class being woven from the bytes
 * the JVM hands over, its supertypes (and, to compare parameter types, theirs) as its class loader
 * serves them. Nothing is loaded, so nothing can be defined twice or deadlock; a type whose class
 * file is not served declares nothing and extends nothing, as Byte Buddy describes it
 * ({@link UnservedTypes}). One instance per woven class: what it read is forgotten afterwards.
 */
final class ClassFileTypes {

    private static final String ANNOTATIONS = "Lsh/ratri/annotations/";
    private static final String COMPLETION_STAGE = "java/util/concurrent/CompletionStage";

    private final ClassLoader loader;
    private final Recognition recognition;
    /** By internal name; a type whose class file was not served maps to one that declares nothing. */
    private final Map<String, ClassFileType> read = new HashMap<>();

    ClassFileTypes(ClassLoader loader, Recognition recognition) {
        this.loader = loader;
        this.recognition = recognition;
    }

    /** The class being woven, from the bytes the JVM hands over; throws when they cannot be read. */
    ClassFileType woven(String internalName, byte[] classFile) {
        ClassFileType type = new ClassFileType(internalName);
        type.parse(classFile);
        read.put(internalName, type);
        return type;
    }

    /** The type of that internal name; its class file is read through the class loader when first asked about. */
    ClassFileType type(String internalName) {
        return read.computeIfAbsent(internalName, ClassFileType::new);
    }

    private byte[] classFile(String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a value of type {@code from} may be passed where {@code to} is declared, as the verifier decides. */
    boolean isAssignable(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        if (from.getSort() < Type.ARRAY || to.getSort() < Type.ARRAY) {
            return false; // a primitive only to itself
        }
        String target = to.getInternalName();
        if (target.equals("java/lang/Object")) {
            return true;
        }
        if (from.getSort() == Type.ARRAY) {
            if (to.getSort() == Type.ARRAY) {
                return isAssignable(Type.getType(from.getDescriptor().substring(1)),
                        Type.getType(to.getDescriptor().substring(1)));
            }
            return target.equals("java/lang/Cloneable") || target.equals("java/io/Serializable");
        }
        return to.getSort() == Type.OBJECT && extendsOrImplements(from.getInternalName(), target);
    }

    private boolean extendsOrImplements(String internalName, String target) {
        List<String> pending = new ArrayList<>(List.of(internalName));
        for (int i = 0; i < pending.size(); i++) {
            ClassFileType t = type(pending.get(i)).read();
            if (t.superName != null) {
                if (t.superName.equals(target)) {
                    return true;
                }
                pending.add(t.superName);
            }
            for (String iface : t.interfaceNames) {
                if (iface.equals(target)) {
                    return true;
                }
                pending.add(iface);
            }
        }
        return false;
    }

    /** The binary name of a type, as {@link Class#getName()} spells it. */
    private static String binaryName(Type type) {
        return type.getSort() == Type.ARRAY ? type.getDescriptor().replace('/', '.') : type.getClassName();
    }

    /** Read on first use, but for the woven class: a JDK supertype is named, never read. */
    final class ClassFileType implements TypeDeclaration {
        final String internalName;
        int version;
        int access;
        String superName;
        String[] interfaceNames = new String[0];
        private String outerName;
        private String innerName;
        private boolean nested;
        private final List<MethodDeclaration> methods = new ArrayList<>();
        private boolean recognised;
        private boolean parsed;

        ClassFileType(String internalName) {
            this.internalName = internalName;
        }

        /** Throws when the bytes cannot be read. */
        void parse(byte[] classFile) {
            parsed = true;
            OpenedClassReader.of(classFile).accept(reader(), ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            recognised = recognition.mayDeclare(internalName, classFile);
        }

        /** A type whose class file is not served, or cannot be read, declares nothing and extends nothing. */
        ClassFileType read() {
            if (!parsed) {
                parsed = true;
                byte[] classFile = classFile(internalName);
                try {
                    if (classFile != null) {
                        parse(classFile);
                        return this;
                    }
                } catch (RuntimeException e) {
                    methods.clear();
                    superName = null;
                    interfaceNames = new String[0];
                }
                recognised = recognition.mayDeclare(internalName, new byte[0]);
            }
            return this;
        }

        @Override
        public String name() {
            return internalName.replace('/', '.');
        }

        @Override
        public TypeDeclaration superClass() {
            read();
            return superName == null || (access & Opcodes.ACC_INTERFACE) != 0 ? null : type(superName);
        }

        @Override
        public List<TypeDeclaration> interfaces() {
            read();
            List<TypeDeclaration> out = new ArrayList<>();
            for (String i : interfaceNames) {
                out.add(type(i));
            }
            return out;
        }

        @Override
        public List<MethodDeclaration> methods() {
            return read().methods;
        }

        @Override
        public boolean recognised() {
            return read().recognised;
        }

        /** As {@link Class#getSimpleName()}: a member's or local class's own name, empty for an anonymous one. */
        String simpleName() {
            if (nested) {
                return innerName == null ? "" : innerName;
            }
            if (outerName != null && internalName.startsWith(outerName + "$")) {
                return internalName.substring(outerName.length() + 1);
            }
            return internalName.substring(internalName.lastIndexOf('/') + 1);
        }

        boolean isJdkProxy() {
            return ProxyClasses.isJdkProxy(superName);
        }

        ClassVisitor reader() {
            return new ClassVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    ClassFileType.this.version = version;
                    ClassFileType.this.access = access;
                    ClassFileType.this.superName = superName;
                    ClassFileType.this.interfaceNames = interfaces == null ? new String[0] : interfaces;
                }

                @Override
                public void visitOuterClass(String owner, String name, String descriptor) {
                    outerName = owner;
                }

                @Override
                public void visitInnerClass(String name, String outer, String inner, int access) {
                    if (name.equals(internalName)) {
                        nested = true;
                        innerName = inner;
                    }
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    ClassFileMethod method = new ClassFileMethod(ClassFileType.this, access, name, descriptor);
                    methods.add(method);
                    return method.reader();
                }
            };
        }
    }

    final class ClassFileMethod implements MethodDeclaration {
        private final ClassFileType owner;
        private final int access;
        private final String name;
        private final String descriptor;
        private final Type[] parameters;
        private final List<String> parameterNames = new ArrayList<>();
        private boolean parameterUnnamed;
        private List<AnnotationSource> annotations = List.of();

        ClassFileMethod(ClassFileType owner, int access, String name, String descriptor) {
            this.owner = owner;
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.parameters = Type.getArgumentTypes(descriptor);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String descriptor() {
            return descriptor;
        }

        @Override
        public int modifiers() {
            return access;
        }

        @Override
        public String declaringType() {
            return owner.name();
        }

        @Override
        public String declaringSimpleName() {
            return owner.simpleName();
        }

        @Override
        public int parameterCount() {
            return parameters.length;
        }

        @Override
        public List<String> parameterNames() {
            return parameterUnnamed || parameterNames.size() != parameters.length ? null : parameterNames;
        }

        @Override
        public String parameterType(int index) {
            return binaryName(parameters[index]);
        }

        @Override
        public String returnType() {
            return binaryName(Type.getReturnType(descriptor));
        }

        @Override
        public boolean parameterAssignableTo(int index, MethodDeclaration other) {
            return isAssignable(parameters[index], ((ClassFileMethod) other).parameters[index]);
        }

        @Override
        public boolean returnsCompletionStage() {
            Type returned = Type.getReturnType(descriptor);
            if (returned.getSort() != Type.OBJECT || outsideFutures(returned.getInternalName())) {
                return false;
            }
            return isAssignable(returned, Type.getObjectType(COMPLETION_STAGE));
        }

        /**
         * {@code String}, {@code List}…: the JDK implements {@code CompletionStage} in
         * {@code java.util.concurrent} only, so the common return types need no class file read.
         */
        private boolean outsideFutures(String internalName) {
            return (internalName.startsWith("java/lang/") || internalName.startsWith("java/util/"))
                    && !internalName.startsWith("java/util/concurrent/");
        }

        @Override
        public List<AnnotationSource> writtenAnnotations() {
            return annotations;
        }

        @Override
        public List<AnnotationSource> recognisedAnnotations() {
            return List.of(); // a class whose hierarchy a recognizer may touch is Byte Buddy's to weave
        }

        MethodVisitor reader() {
            return new MethodVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visitParameter(String parameterName, int parameterAccess) {
                    parameterUnnamed |= parameterName == null;
                    parameterNames.add(parameterName);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String annotationDescriptor, boolean visible) {
                    if (!annotationDescriptor.startsWith(ANNOTATIONS)
                            || !AnnotationNames.ALL.contains(Type.getType(annotationDescriptor).getClassName())) {
                        return null;
                    }
                    ClassFileAnnotation annotation = new ClassFileAnnotation(annotationDescriptor);
                    if (annotations.isEmpty()) {
                        annotations = new ArrayList<>();
                    }
                    annotations.add(annotation);
                    return annotation.reader();
                }
            };
        }
    }

    /** An annotation's members as the class file holds them: those left at their default are absent. */
    static final class ClassFileAnnotation implements AnnotationSource {
        private final String descriptor;
        private final Map<String, Object> values = new HashMap<>();

        ClassFileAnnotation(String descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public String typeName() {
            return Type.getType(descriptor).getClassName();
        }

        @Override
        public String string(String member) {
            return values.get(member) instanceof String s ? s : null;
        }

        @Override
        public String[] strings(String member) {
            Object v = values.get(member);
            if (!(v instanceof List<?> list)) {
                return null;
            }
            String[] out = new String[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof String s)) {
                    return null;
                }
                out[i] = s;
            }
            return out;
        }

        @Override
        public Integer integer(String member) {
            return values.get(member) instanceof Integer i ? i : null;
        }

        @Override
        public String enumeration(String member) {
            return values.get(member) instanceof EnumConstant c ? c.name : null;
        }

        @Override
        public AnnotationSource annotation(String member) {
            return values.get(member) instanceof ClassFileAnnotation a ? a : null;
        }

        AnnotationVisitor reader() {
            return new AnnotationVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visit(String member, Object value) {
                    values.put(member, value);
                }

                @Override
                public void visitEnum(String member, String enumDescriptor, String constant) {
                    values.put(member, new EnumConstant(constant));
                }

                @Override
                public AnnotationVisitor visitAnnotation(String member, String annotationDescriptor) {
                    ClassFileAnnotation nested = new ClassFileAnnotation(annotationDescriptor);
                    values.put(member, nested);
                    return nested.reader();
                }

                @Override
                public AnnotationVisitor visitArray(String member) {
                    List<Object> elements = new ArrayList<>();
                    values.put(member, elements);
                    return new AnnotationVisitor(OpenedClassReader.ASM_API) {
                        @Override
                        public void visit(String unnamed, Object value) {
                            elements.add(value);
                        }

                        @Override
                        public void visitEnum(String unnamed, String enumDescriptor, String constant) {
                            elements.add(new EnumConstant(constant));
                        }
                    };
                }
            };
        }

        private record EnumConstant(String name) {
        }
    }
}
