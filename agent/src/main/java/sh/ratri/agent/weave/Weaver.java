package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Installs the class transformer: every class that declares or inherits an annotated method gets
 * the call-site advice on those methods, with the call site's id woven in as a constant.
 */
public final class Weaver {

    private final CallSites callSites;
    private final Consumer<String> problems;
    private final boolean debug;
    private final AtomicLong failures = new AtomicLong();

    public Weaver(CallSites callSites, Consumer<String> problems, boolean debug) {
        this.callSites = callSites;
        this.problems = problems;
        this.debug = debug;
    }

    /**
     * {@code retransform} is for attaching to a running JVM, whose classes are already loaded. At
     * premain, Byte Buddy (about a thousand classes to load) is set up only when the first class
     * that may declare a call site is loaded; every other class passes a cheap check of its bytes.
     */
    public void install(Instrumentation instrumentation, boolean retransform) {
        if (retransform) {
            agentBuilder(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(instrumentation);
        } else {
            instrumentation.addTransformer(new Prefiltered());
        }
        ContextPropagation.install(instrumentation, this::failed);
    }

    private AgentBuilder agentBuilder(AgentBuilder.RedefinitionStrategy redefinition) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(redefinition)
                .with(new FailureListener())
                .ignore(nameStartsWith("sh.ratri.agent.")
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("java."))
                        .or(nameStartsWith("javax."))
                        .or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun."))
                        .or(isSynthetic()), isBootstrapClassLoader())
                .type(new DeclaresCallSites())
                .transform(new WeaveCallSites());
    }

    public long failures() {
        return failures.get();
    }

    /** Weaving failures are counted, and printed only with {@code debug=true}: the application goes on unwoven. */
    private void failed(String typeName, Throwable throwable) {
        failures.incrementAndGet();
        if (debug) {
            System.err.println("ratri: could not weave " + typeName + ": " + throwable);
        }
    }

    /** Hands Byte Buddy only the classes that pass {@link AnnotationPrefilter}, and sets it up for the first. */
    private final class Prefiltered implements ClassFileTransformer {
        private volatile ClassFileTransformer byteBuddy;

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
            if (loader == null || className == null || AnnotationPrefilter.ignored(className)) {
                return null;
            }
            try {
                if (!AnnotationPrefilter.mayDeclareCallSites(loader, classFile)) {
                    return null;
                }
            } catch (RuntimeException e) {
                // bytes the check cannot read: Byte Buddy decides, as it does for every candidate
            }
            return byteBuddy().transform(module, loader, className, classBeingRedefined, domain, classFile);
        }

        /**
         * No lock: threads that load their first candidates at once may each build one (they are
         * alike), but none waits for another while that one loads and initialises classes.
         */
        private ClassFileTransformer byteBuddy() {
            ClassFileTransformer transformer = byteBuddy;
            if (transformer == null) {
                transformer = agentBuilder(AgentBuilder.RedefinitionStrategy.DISABLED).makeRaw();
                byteBuddy = transformer;
            }
            return transformer;
        }
    }

    /** Adds the call-site advice, with its id as a constant, to each annotated method of a matched type. */
    private final class WeaveCallSites implements AgentBuilder.Transformer {
        private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        private final TypeDescription withArguments =
                TypeDescription.ForLoadedType.of(CallSiteAdvice.WithArguments.class);
        private final TypeDescription withoutArguments =
                TypeDescription.ForLoadedType.of(CallSiteAdvice.WithoutArguments.class);

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module, ProtectionDomain domain) {
            CallSiteReader reader = new CallSiteReader(problems);
            for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
                if (!CallSiteReader.weavable(method)) {
                    continue;
                }
                CallSite site = reader.read(type, method);
                if (site == null || site.isEmpty()) {
                    continue;
                }
                int id = callSites.register(site);
                TypeDescription advice = site.needsArguments() ? withArguments : withoutArguments;
                builder = builder.visit(Advice.withCustomMapping()
                        .bind(CallSiteId.class, id)
                        .to(advice, adviceLocator)
                        .on(is(method)));
            }
            return builder;
        }
    }

    private static final class DeclaresCallSites extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        @Override
        public boolean matches(TypeDescription type) {
            return !type.isAnnotation() && CallSiteReader.mayDeclareCallSites(type);
        }
    }

    private final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            failed(typeName, throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            if (debug) {
                System.err.println("ratri: wove " + type.getName());
            }
        }
    }
}
