package sh.ratri.agent.weave;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.Opcodes;
import sh.ratri.agent.kotlin.KotlinNames;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.DeclaredMethod;
import sh.ratri.agent.weave.recognize.Recognition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the Ratri annotations of one method at weave time into a {@link CallSite}: its own
 * annotations first, then those of the methods it overrides or implements (superclasses, then
 * interfaces), so an annotated interface method applies to its implementations. Each annotation's
 * members are read by its reader in {@link SpecReaders}, once, so the runtime never looks at an
 * annotation. Types come as {@link TypeDeclaration}s: read from class files at load time, or
 * described by Byte Buddy when attaching.
 */
final class CallSiteReader {

    private final Consumer<String> problems;
    private final CallSites callSites;
    private final Recognition recognition;
    private final boolean recordToolArguments;

    /**
     * {@code problems} receives one line per template that cannot be resolved; {@code recognition}
     * gives methods the annotations a framework or a rule says they have; {@code recordToolArguments}
     * ({@code capture.io}) names tools' arguments for their input summary.
     */
    CallSiteReader(Consumer<String> problems, CallSites callSites, Recognition recognition,
                   boolean recordToolArguments) {
        this.problems = problems;
        this.callSites = callSites;
        this.recognition = recognition;
        this.recordToolArguments = recordToolArguments;
    }

    /** True when the type or one of its supertypes declares an annotated or a recognised method. */
    static boolean mayDeclareCallSites(TypeDescription type, Recognition recognition) {
        return mayDeclareCallSites(DescribedTypes.of(type, recognition));
    }

    static boolean mayDeclareCallSites(TypeDeclaration type) {
        for (TypeDeclaration t : hierarchy(type)) {
            if (t.recognised()) {
                return true;
            }
            for (MethodDeclaration m : t.methods()) {
                if (!m.writtenAnnotations().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a method of this type is one the agent weaves at all: no constructor, bridge or generated method. */
    static boolean weavable(MethodDeclaration m) {
        return !m.name().startsWith("<") && (m.modifiers() & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE
                | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0;
    }

    /**
     * The call site of {@code method}, or null when neither it nor what it overrides is annotated. On
     * a JDK dynamic proxy ({@code standIn}) names and templates come from the interface method.
     */
    CallSite read(TypeDeclaration type, MethodDeclaration method, boolean standIn) {
        Map<String, AnnotationSource> found = new HashMap<>();
        List<MethodDeclaration> declarations = annotatedDeclarations(type, method, found);
        if (found.isEmpty()) {
            return null;
        }
        String owner = standIn ? declarations.get(0).declaringSimpleName() : method.declaringSimpleName();
        String where = owner + "." + method.name();
        MethodDeclaration named = namedParameters(method, declarations);
        TemplateParser templates = new TemplateParser(named.parameterNames(), named.parameterCount(), where,
                problems);
        boolean suspending = suspending(method);
        AnnotationMembers session = members(found, AnnotationNames.SESSION, templates);
        AnnotationMembers handoff = members(found, AnnotationNames.HANDOFF, templates);
        AnnotationMembers childRun = members(found, AnnotationNames.CHILD_RUN, templates);
        AnnotationMembers run = childRun != null ? childRun : members(found, AnnotationNames.RUN, templates);
        AnnotationMembers step = members(found, AnnotationNames.WORKFLOW_STEP, templates);
        AnnotationMembers tool = members(found, AnnotationNames.TOOL, templates);
        return new CallSite(where,
                session == null ? null : SpecReaders.session(session),
                handoff == null ? null : SpecReaders.handoff(handoff),
                run == null ? null : SpecReaders.run(run, childRun != null, method.name()),
                step == null ? null : SpecReaders.step(step, method.name()),
                tool == null ? null : SpecReaders.tool(tool, where,
                        recordToolArguments ? argumentNames(named, suspending) : new String[0]),
                method.returnsCompletionStage(), declared(declarations), standIn, suspending);
    }

    /**
     * The method, then the methods it overrides or implements, that carry Ratri annotations, nearest
     * first; their annotations go into {@code found}, the nearest of each type.
     */
    private static List<MethodDeclaration> annotatedDeclarations(TypeDeclaration type, MethodDeclaration method,
                                                                 Map<String, AnnotationSource> found) {
        List<MethodDeclaration> declarations = new ArrayList<>();
        if (collect(method, found)) {
            declarations.add(method);
        }
        if ((method.modifiers() & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
            for (TypeDeclaration t : hierarchy(type)) {
                if (t.name().equals(type.name())) {
                    continue;
                }
                for (MethodDeclaration candidate : t.methods()) {
                    if (overrides(method, candidate) && collect(candidate, found)) {
                        declarations.add(candidate);
                    }
                }
            }
        }
        return declarations;
    }

    /** The annotation named {@code name} among those found, or null; problems name it {@code @SimpleName}. */
    private static AnnotationMembers members(Map<String, AnnotationSource> found, String name,
                                             TemplateParser templates) {
        AnnotationSource a = found.get(name);
        return a == null ? null
                : new AnnotationMembers(a, "@" + name.substring(name.lastIndexOf('.') + 1), templates);
    }

    private DeclaredMethod[] declared(List<MethodDeclaration> declarations) {
        DeclaredMethod[] declared = new DeclaredMethod[declarations.size()];
        for (int i = 0; i < declared.length; i++) {
            MethodDeclaration d = declarations.get(i);
            declared[i] = callSites.declaredMethod(d.declaringType() + "#" + d.name() + d.descriptor());
        }
        return declared;
    }

    /**
     * The names a tool's arguments are recorded under: the parameter names, or {@code arg0},
     * {@code arg1}… (as {@code java.lang.reflect.Parameter} names them) for a class compiled
     * without {@code -parameters}; a suspend function's continuation is not an argument.
     */
    private static String[] argumentNames(MethodDeclaration method, boolean suspending) {
        List<String> parameterNames = method.parameterNames();
        String[] names = new String[method.parameterCount() - (suspending ? 1 : 0)];
        for (int i = 0; i < names.length; i++) {
            names[i] = parameterNames != null ? parameterNames.get(i) : "arg" + i;
        }
        return names;
    }

    /** How the Kotlin compiler declares a {@code suspend fun}: a last {@code Continuation} parameter, returning Object. */
    static boolean suspending(MethodDeclaration method) {
        int count = method.parameterCount();
        return count > 0 && method.parameterType(count - 1).equals(KotlinNames.binary(KotlinNames.CONTINUATION))
                && method.returnType().equals("java.lang.Object");
    }

    /**
     * Adds the method's Ratri annotations not found nearer, written ones before recognised ones (so
     * a written {@code @Tool} wins over a framework's on the same method); true when it has any.
     */
    private static boolean collect(MethodDeclaration method, Map<String, AnnotationSource> found) {
        boolean any = false;
        for (AnnotationSource a : method.writtenAnnotations()) {
            found.putIfAbsent(a.typeName(), a);
            any = true;
        }
        for (AnnotationSource a : method.recognisedAnnotations()) {
            found.putIfAbsent(a.typeName(), a);
            any = true;
        }
        return any;
    }

    /**
     * The method whose parameter names templates use: the method's own when compiled with
     * {@code -parameters}, else those of the nearest annotated declaration that has them. A proxy
     * subclass or a JDK proxy has none of its own, and its parameters mean what the declaration's do.
     */
    private static MethodDeclaration namedParameters(MethodDeclaration method, List<MethodDeclaration> declarations) {
        if (method.parameterNames() != null) {
            return method;
        }
        for (MethodDeclaration d : declarations) {
            if (d.parameterNames() != null) {
                return d;
            }
        }
        return method;
    }

    /**
     * Whether {@code method} overrides or implements {@code candidate}. Parameters are compared by
     * assignability of their erasures, so an implementation of a generic interface method
     * ({@code handle(T)} as {@code handle(Ticket)}) counts.
     */
    static boolean overrides(MethodDeclaration method, MethodDeclaration candidate) {
        if (!candidate.name().equals(method.name())
                || (candidate.modifiers() & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0
                || candidate.parameterCount() != method.parameterCount()) {
            return false;
        }
        for (int i = 0; i < method.parameterCount(); i++) {
            if (!method.parameterType(i).equals(candidate.parameterType(i))
                    && !method.parameterAssignableTo(i, candidate)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The type, its superclasses, then all interfaces, nearest first; JDK types are skipped, but for
     * the type itself (a JDK dynamic proxy is named {@code jdk.proxy1.$Proxy9}).
     */
    static List<TypeDeclaration> hierarchy(TypeDeclaration type) {
        List<TypeDeclaration> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<TypeDeclaration> interfaces = new ArrayList<>();
        for (TypeDeclaration t = type; t != null; t = t.superClass()) {
            if ((t != type && isJdk(t)) || !seen.add(t.name())) {
                break;
            }
            out.add(t);
            interfaces.addAll(t.interfaces());
        }
        for (int i = 0; i < interfaces.size(); i++) {
            TypeDeclaration iface = interfaces.get(i);
            if (isJdk(iface) || !seen.add(iface.name())) {
                continue;
            }
            out.add(iface);
            interfaces.addAll(iface.interfaces());
        }
        return out;
    }

    private static boolean isJdk(TypeDeclaration t) {
        return SkippedPackages.isPlatform(t.name());
    }
}
