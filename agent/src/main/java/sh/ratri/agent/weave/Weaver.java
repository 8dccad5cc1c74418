package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.timeline.Rehearsal;
import sh.ratri.agent.weave.reactor.ReactorPublishers;
import sh.ratri.agent.weave.reactor.ReactorSchedulers;
import sh.ratri.agent.weave.recognize.JUnitJupiter;
import sh.ratri.agent.weave.recognize.LangChain4j;
import sh.ratri.agent.weave.recognize.ModelCalls;
import sh.ratri.agent.weave.recognize.Recognition;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

/**
 * Installs the class transformer: every class that declares or inherits an annotated method gets
 * the call-site advice on those methods, with the call site's id woven in as a constant.
 */
public final class Weaver {

    private final CallSites callSites;
    private final Consumer<String> problems;
    private final boolean debug;
    private final AtomicLong failures = new AtomicLong();
    private final Recognition recognition;
    private final boolean recordToolArguments;
    private volatile ClassFileWeaving classFileWeaving;
    private volatile CallSiteWeaving weaving;
    private volatile boolean rehearsed;

    public Weaver(CallSites callSites, Consumer<String> problems, boolean debug) {
        this(callSites, problems, debug, Recognition.none(), true);
    }

    /**
     * {@code recognition}: the frameworks the {@code recognize} key names, and the {@code weave} rules;
     * {@code recordToolArguments}: {@code capture.io}, tools pass their arguments for their input summary.
     */
    public Weaver(CallSites callSites, Consumer<String> problems, boolean debug, Recognition recognition,
                  boolean recordToolArguments) {
        this.callSites = callSites;
        this.problems = problems;
        this.debug = debug;
        this.recordToolArguments = recordToolArguments;
        this.recognition = recognition
                .install(LangChain4j.NAME, LangChain4j::new);
    }

    /**
     * {@code retransform} is for attaching to a running JVM, whose classes are already loaded. At
     * premain, Byte Buddy is set up only when the first class that may declare a call site is
     * loaded; every other class passes a cheap check of its bytes.
     */
    public void install(Instrumentation instrumentation, boolean retransform) {
        if (retransform) {
            agentBuilder().installOn(instrumentation);
        } else {
            instrumentation.addTransformer(new LoadTimeWeaving());
        }
        BiConsumer<String, Throwable> failed = this::failed;
        LoadedClasses loaded = new LoadedClasses(instrumentation, failed);
        ContextPropagation.install(loaded, failed);
        CoroutineContextPropagation.install(loaded, failed);
        ReactorSchedulers.install(loaded, failed);
        ModelCalls.install(loaded, instrumentation, recognition::recognizes, failed);
        if (recognition.recognizes("junit")) {
            JUnitJupiter.install(loaded, failed);
        }
        loaded.retransform();
    }

    /** For attaching: the AgentBuilder finds and retransforms the matching classes already loaded. */
    private AgentBuilder agentBuilder() {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new FailureListener())
                .with(new AgentBuilder.LocationStrategy.Compound(AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
                        new AgentBuilder.LocationStrategy.Simple(BundledAnnotations.LOCATOR)))
                .ignore(new NeverWoven().or(isSynthetic()), isBootstrapClassLoader())
                .type(new DeclaresCallSites())
                .transform((builder, type, loader, module, domain) ->
                        weaving().weave(builder, type, loader, ParameterWrites.of(classFile(type, loader))));
    }

    /** The class file as its loader serves it; null when it serves none (generated classes). */
    private static byte[] classFile(TypeDescription type, ClassLoader loader) {
        try {
            ClassFileLocator.Resolution resolution = ClassFileLocator.ForClassLoader.of(loader).locate(type.getName());
            return resolution.isResolved() ? resolution.resolve() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Runs the timeline once before the first class is woven (see {@link Rehearsal}). No lock: two
     * threads that weave their first classes at once may both rehearse, which is harmless.
     */
    private void rehearse() {
        if (!rehearsed) {
            Rehearsal.run();
            rehearsed = true;
        }
    }

    /** Made on first use, like {@link #weaving()}: premain loads none of its classes. */
    private ClassFileWeaving classFileWeaving() {
        ClassFileWeaving w = classFileWeaving;
        if (w == null) {
            w = new ClassFileWeaving(callSites, problems, recognition, recordToolArguments);
            classFileWeaving = w;
        }
        return w;
    }

    /**
     * Made on first use. No lock: threads that meet their first candidates at once may each make
     * one (they are alike), but none waits for another while that one loads and initialises classes.
     */
    private CallSiteWeaving weaving() {
        CallSiteWeaving w = weaving;
        if (w == null) {
            w = new CallSiteWeaving();
            weaving = w;
        }
        return w;
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

    private void woven(String typeName) {
        if (debug) {
            System.err.println("ratri: wove " + typeName);
        }
    }

    private boolean declaresCallSites(TypeDescription type) {
        return !type.isAnnotation() && CallSiteReader.mayDeclareCallSites(type, recognition);
    }

    /**
     * The premain transformer. Classes that {@link AnnotationPrefilter} rules out are left alone
     * before anything is parsed; the others are woven with ASM from their class files
     * ({@link ClassFileWeaving}), and those it leaves undecided are described by Byte Buddy's type pool
     * and rewritten by its decorating writer, which only applies visitors. No AgentBuilder: its set-up
     * alone loads several hundred classes and generates one.
     */
    private final class LoadTimeWeaving implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classFile) {
            try {
                return weave(loader, className, classFile);
            } catch (StackOverflowError e) {
                return null; // a class loaded at the bottom of a deep stack is left as it is
            }
        }

        private byte[] weave(ClassLoader loader, String className, byte[] classFile) {
            if (loader == null || className == null
                    || (AnnotationPrefilter.ignored(className) && !ProxyClasses.mayBeJdkProxy(className))
                    || ProxyClasses.isForwardingProxy(className, List.of())) {
                return null;
            }
            try {
                if (!AnnotationPrefilter.mayDeclareCallSites(loader, className, classFile, recognition::mayDeclare)) {
                    return null;
                }
            } catch (RuntimeException e) {
                // bytes the check cannot read: Byte Buddy decides
                return byteBuddy(loader, className, classFile);
            }
            rehearse();
            byte[] woven;
            try {
                woven = classFileWeaving().weave(loader, className, classFile);
            } catch (Throwable t) {
                failed(className.replace('/', '.'), t);
                return null;
            }
            if (woven == ClassFileWeaving.UNDECIDED) {
                return byteBuddy(loader, className, classFile);
            }
            if (woven != null) {
                woven(className.replace('/', '.'));
            }
            return woven;
        }

        private byte[] byteBuddy(ClassLoader loader, String className, byte[] classFile) {
            try {
                return weaving().weave(loader, className.replace('/', '.'), classFile);
            } catch (Throwable t) { // setting Byte Buddy up failed: counted like any class left unwoven
                failed(className.replace('/', '.'), t);
                return null;
            }
        }
    }

    /** Byte Buddy's part: adds the call-site advice, with its id as a constant, to each annotated method. */
    private final class CallSiteWeaving {
        private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
        private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        private final TypeDescription withArguments =
                TypeDescription.ForLoadedType.of(CallSiteAdvice.WithArguments.class);
        private final TypeDescription withoutArguments =
                TypeDescription.ForLoadedType.of(CallSiteAdvice.WithoutArguments.class);
        private final TypeDescription suspending = TypeDescription.ForLoadedType.of(CallSiteAdvice.Suspending.class);
        private final TypeDescription exit = TypeDescription.ForLoadedType.of(CallSiteAdvice.Exit.class);
        private final TypeDescription exitKeepingArguments =
                TypeDescription.ForLoadedType.of(CallSiteAdvice.ExitKeepingArguments.class);
        private final TypeDescription publisherExit = TypeDescription.ForLoadedType.of(CallSiteAdvice.PublisherExit.class);

        CallSiteWeaving() {
            rehearse();
        }

        /** The woven class file, or null when the class declares no call site or cannot be woven. */
        byte[] weave(ClassLoader loader, String typeName, byte[] classFile) {
            try {
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, classFile),
                        ClassFileLocator.ForClassLoader.of(loader), BundledAnnotations.LOCATOR);
                TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                        locator, TypePool.Default.ReaderMode.FAST, new UnservedTypes(loader, typeName));
                TypeDescription type = pool.describe(typeName).resolve();
                if (type.isSynthetic() || neverWoven(type) || !declaresCallSites(type)) {
                    return null;
                }
                byte[] woven = weave(byteBuddy.decorate(type, locator), type, loader, ParameterWrites.of(classFile))
                        .make(pool).getBytes();
                woven(typeName);
                return woven;
            } catch (Throwable t) {
                failed(typeName, t);
                return null;
            }
        }

        DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                     ParameterWrites parameterWrites) {
            CallSiteReader reader = new CallSiteReader(problems, callSites, recognition, recordToolArguments);
            boolean standIn = isJdkProxy(type);
            TypeDeclaration declaration = DescribedTypes.of(type, recognition);
            for (MethodDeclaration m : declaration.methods()) {
                if (!CallSiteReader.weavable(m)) {
                    continue;
                }
                CallSite site = reader.read(declaration, m, standIn);
                MethodDescription method = DescribedTypes.description(m);
                if (site == null || site.isEmpty()) {
                    continue;
                }
                int id = callSites.register(site, loader);
                TypeDescription onEnter = site.suspending() ? suspending
                        : site.needsArguments() ? withArguments : withoutArguments;
                TypeDescription onExit = site.suspending() ? suspending
                        : ReactorPublishers.declaredBy(m.returnType()) ? publisherExit
                        : parameterWrites.mayWrite(method) ? exitKeepingArguments : exit;
                builder = builder.visit(Advice.withCustomMapping()
                        .bind(CallSiteId.class, id)
                        .to(onEnter, onExit, adviceLocator)
                        .on(is(method)));
            }
            if (standIn) {
                // JDK 25 writes proxy frames without the dead parameters, which Byte Buddy cannot
                // translate: it reads none, and ASM computes them anew (proxies are a few short methods)
                builder = builder.visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .readerFlags(ClassReader.SKIP_FRAMES).writerFlags(ClassWriter.COMPUTE_FRAMES));
            }
            return builder;
        }
    }

    /**
     * The JDK's, the agent's and tooling classes, except JDK dynamic proxies (named in {@code jdk.proxyN}
     * or {@code com.sun.proxy}), and the proxies that forward to a woven class.
     */
    private static boolean neverWoven(TypeDescription type) {
        if (SkippedPackages.isNeverWoven(type.getName()) && !isJdkProxy(type)) {
            return true;
        }
        List<String> interfaces = new ArrayList<>();
        for (TypeDescription.Generic i : type.getInterfaces()) {
            interfaces.add(i.asErasure().getName());
        }
        return ProxyClasses.isForwardingProxy(type.getName(), interfaces);
    }

    private static boolean isJdkProxy(TypeDescription type) {
        TypeDescription.Generic superClass = type.getSuperClass();
        return superClass != null && ProxyClasses.isJdkProxy(superClass.asErasure().getName());
    }

    private static final class NeverWoven extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        @Override
        public boolean matches(TypeDescription type) {
            return neverWoven(type);
        }
    }

    private final class DeclaresCallSites extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        @Override
        public boolean matches(TypeDescription type) {
            return declaresCallSites(type);
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
            woven(type.getName());
        }
    }
}
