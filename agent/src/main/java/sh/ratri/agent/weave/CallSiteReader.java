package sh.ratri.agent.weave;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
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
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Reads the Ratri annotations of one method at weave time into a {@link CallSite}: its own
 * annotations first, then those of the methods it overrides or implements (superclasses, then
 * interfaces), so an annotated interface method applies to its implementations. Each annotation's
 * members are read by its reader in {@link SpecReaders}, once, so the runtime never looks at an annotation.
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
        for (TypeDescription t : hierarchy(type)) {
            if (recognition.mayDeclare(t)) {
                return true;
            }
            for (MethodDescription.InDefinedShape m : t.getDeclaredMethods()) {
                if (hasRatriAnnotation(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a method of this type is one the agent weaves at all. */
    static boolean weavable(MethodDescription m) {
        return m.isMethod() && !m.isAbstract() && !m.isNative() && !m.isBridge() && !m.isSynthetic();
    }

    /**
     * The call site of {@code method}, or null when neither it nor what it overrides is annotated. On
     * a JDK dynamic proxy ({@code standIn}) names and templates come from the interface method.
     */
    CallSite read(TypeDescription type, MethodDescription method, boolean standIn) {
        Map<String, AnnotationDescription> found = new HashMap<>();
        List<MethodDescription> declarations = annotatedDeclarations(type, method, found);
        if (found.isEmpty()) {
            return null;
        }
        TypeDescription owner = standIn ? declarations.get(0).getDeclaringType().asErasure() : type;
        String where = owner.getSimpleName() + "." + method.getName();
        MethodDescription named = namedParameters(method, declarations);
        TemplateParser templates = new TemplateParser(named, where, problems);
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
                run == null ? null : SpecReaders.run(run, childRun != null, method.getName()),
                step == null ? null : SpecReaders.step(step, method.getName()),
                tool == null ? null : SpecReaders.tool(tool, where,
                        recordToolArguments ? argumentNames(named, suspending) : new String[0]),
                method.getReturnType().asErasure().isAssignableTo(CompletionStage.class),
                declared(declarations), standIn, suspending);
    }

    /**
     * The method, then the methods it overrides or implements, that carry Ratri annotations, nearest
     * first; their annotations go into {@code found}, the nearest of each type.
     */
    private List<MethodDescription> annotatedDeclarations(TypeDescription type, MethodDescription method,
                                                          Map<String, AnnotationDescription> found) {
        List<MethodDescription> declarations = new ArrayList<>();
        if (collect(type, method, found)) {
            declarations.add(method);
        }
        if (!method.isStatic() && !method.isPrivate()) {
            for (TypeDescription t : hierarchy(type)) {
                if (t.equals(type)) {
                    continue;
                }
                for (MethodDescription.InDefinedShape candidate : t.getDeclaredMethods()) {
                    if (overrides(method, candidate) && collect(type, candidate, found)) {
                        declarations.add(candidate);
                    }
                }
            }
        }
        return declarations;
    }

    /** The annotation named {@code name} among those found, or null; problems name it {@code @SimpleName}. */
    private static AnnotationMembers members(Map<String, AnnotationDescription> found, String name,
                                             TemplateParser templates) {
        AnnotationDescription a = found.get(name);
        return a == null ? null
                : new AnnotationMembers(a, "@" + a.getAnnotationType().getSimpleName(), templates);
    }

    private DeclaredMethod[] declared(List<MethodDescription> declarations) {
        DeclaredMethod[] declared = new DeclaredMethod[declarations.size()];
        for (int i = 0; i < declared.length; i++) {
            MethodDescription d = declarations.get(i);
            declared[i] = callSites.declaredMethod(d.getDeclaringType().asErasure().getName() + "#" + d.getName()
                    + d.getDescriptor());
        }
        return declared;
    }

    /**
     * The names a tool's arguments are recorded under: the parameter names, or {@code arg0},
     * {@code arg1}… (as {@code java.lang.reflect.Parameter} names them) for a class compiled
     * without {@code -parameters}; a suspend function's continuation is not an argument.
     */
    private static String[] argumentNames(MethodDescription method, boolean suspending) {
        ParameterList<?> parameters = method.getParameters();
        String[] names = new String[parameters.size() - (suspending ? 1 : 0)];
        boolean named = allNamed(method);
        for (int i = 0; i < names.length; i++) {
            names[i] = named ? parameters.get(i).getName() : "arg" + i;
        }
        return names;
    }

    /** How the Kotlin compiler declares a {@code suspend fun}: a last {@code Continuation} parameter, returning Object. */
    static boolean suspending(MethodDescription method) {
        ParameterList<?> parameters = method.getParameters();
        return !parameters.isEmpty()
                && parameters.get(parameters.size() - 1).getType().asErasure().getName()
                        .equals(KotlinNames.binary(KotlinNames.CONTINUATION))
                && method.getReturnType().asErasure().represents(Object.class);
    }

    /**
     * Adds the method's Ratri annotations not found nearer, written ones before recognised ones (so
     * a written {@code @Tool} wins over a framework's on the same method); true when it has any.
     */
    private boolean collect(TypeDescription woven, MethodDescription method, Map<String, AnnotationDescription> found) {
        boolean any = false;
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            String name = a.getAnnotationType().getName();
            if (AnnotationNames.ALL.contains(name)) {
                found.putIfAbsent(name, a);
                any = true;
            }
        }
        for (AnnotationDescription a : recognition.annotationsOf(woven, method)) {
            found.putIfAbsent(a.getAnnotationType().getName(), a);
            any = true;
        }
        return any;
    }

    /**
     * The method whose parameter names templates use: the method's own when compiled with
     * {@code -parameters}, else those of the nearest annotated declaration that has them. A proxy
     * subclass or a JDK proxy has none of its own, and its parameters mean what the declaration's do.
     */
    private static MethodDescription namedParameters(MethodDescription method, List<MethodDescription> declarations) {
        if (allNamed(method)) {
            return method;
        }
        for (MethodDescription d : declarations) {
            if (allNamed(d)) {
                return d;
            }
        }
        return method;
    }

    private static boolean allNamed(MethodDescription method) {
        for (ParameterDescription p : method.getParameters()) {
            if (!p.isNamed()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasRatriAnnotation(MethodDescription m) {
        for (AnnotationDescription a : m.getDeclaredAnnotations()) {
            if (AnnotationNames.ALL.contains(a.getAnnotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code method} overrides or implements {@code candidate}. Parameters are compared by
     * assignability of their erasures, so an implementation of a generic interface method
     * ({@code handle(T)} as {@code handle(Ticket)}) counts.
     */
    static boolean overrides(MethodDescription method, MethodDescription candidate) {
        if (!candidate.getName().equals(method.getName()) || candidate.isStatic() || candidate.isPrivate()
                || candidate.getParameters().size() != method.getParameters().size()) {
            return false;
        }
        ParameterList<?> mine = method.getParameters();
        ParameterList<?> theirs = candidate.getParameters();
        for (int i = 0; i < mine.size(); i++) {
            TypeDescription own = mine.get(i).getType().asErasure();
            TypeDescription other = theirs.get(i).getType().asErasure();
            if (!own.equals(other) && !own.isAssignableTo(other)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The type, its superclasses, then all interfaces, nearest first; JDK types are skipped, but for
     * the type itself (a JDK dynamic proxy is named {@code jdk.proxy1.$Proxy9}).
     */
    static List<TypeDescription> hierarchy(TypeDescription type) {
        List<TypeDescription> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<TypeDescription> interfaces = new ArrayList<>();
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            TypeDescription erasure = t.asErasure();
            if ((t != type && isJdk(erasure)) || !seen.add(erasure.getName())) {
                break;
            }
            out.add(erasure);
            for (TypeDescription.Generic i : erasure.getInterfaces()) {
                interfaces.add(i.asErasure());
            }
        }
        for (int i = 0; i < interfaces.size(); i++) {
            TypeDescription iface = interfaces.get(i);
            if (isJdk(iface) || !seen.add(iface.getName())) {
                continue;
            }
            out.add(iface);
            for (TypeDescription.Generic sup : iface.getInterfaces()) {
                interfaces.add(sup.asErasure());
            }
        }
        return out;
    }

    private static boolean isJdk(TypeDescription t) {
        return SkippedPackages.isPlatform(t.getName());
    }
}
