package sh.ratri.agent.weave.recognize;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import sh.ratri.agent.timeline.LlmReader;
import sh.ratri.agent.timeline.LlmReaders;
import sh.ratri.agent.weave.BootstrapBridge;
import sh.ratri.agent.weave.LoadedClasses;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.is;

/**
 * Weaves {@link LlmCallAdvice} (or, into a method that returns nothing and so replies through a
 * handler argument, {@link LlmHandlerCallAdvice}) into the model-call methods of the libraries the {@code recognize}
 * key names. A class no library claims by name or bytes passes untouched and unparsed, so an
 * application without these libraries pays one cheap check per loaded class.
 */
public final class ModelCalls implements ClassFileTransformer {

    private final List<ModelCallLibrary> libraries;
    private final BiConsumer<String, Throwable> failed;
    /** Made when the first model-call method is woven: an application without these libraries loads no Byte Buddy for them. */
    private volatile ByteBuddy byteBuddy;

    private ModelCalls(List<ModelCallLibrary> libraries, BiConsumer<String, Throwable> failed) {
        this.libraries = libraries;
        this.failed = failed;
    }

    /**
     * Recognises the model calls of the libraries the {@code recognize} key names ({@code recognized});
     * {@code failed} hears of a class that could not be woven.
     */
    public static void install(LoadedClasses loaded, Instrumentation instrumentation, Predicate<String> recognized,
                               BiConsumer<String, Throwable> failed) {
        List<ModelCallLibrary> libraries = new ArrayList<>();
        if (recognized.test(OpenAi.KEY)) {
            libraries.add(new OpenAi());
        }
        if (recognized.test(Anthropic.KEY)) {
            libraries.add(new Anthropic());
        }
        if (recognized.test(SpringAi.KEY)) {
            libraries.add(new SpringAi.ChatModels());
        }
        if (recognized.test(LangChain4j.NAME)) {
            libraries.add(new LangChain4jModels());
        }
        if (libraries.isEmpty() || !BootstrapBridge.isVisible()) {
            return; // nothing to recognise, or running from a class directory, where no library could see the bridge
        }
        ModelCalls transformer = new ModelCalls(List.copyOf(libraries), failed);
        loaded.add(transformer, // attached after the libraries loaded
                c -> c.getClassLoader() != null && instrumentation.isModifiableClass(c) && transformer.claims(c));
    }

    private boolean claims(Class<?> loaded) {
        for (ModelCallLibrary library : libraries) {
            if (library.mayDeclare(loaded)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || className == null) {
            return null;
        }
        List<ModelCallLibrary> claiming = null;
        for (ModelCallLibrary library : libraries) {
            if (library.mayDeclare(className, classFile)) {
                claiming = claiming == null ? new ArrayList<>(1) : claiming;
                claiming.add(library);
            }
        }
        if (claiming == null) {
            return null;
        }
        String typeName = className.replace('/', '.');
        try {
            return weave(loader, typeName, classFile, claiming);
        } catch (Throwable t) {
            failed.accept(typeName, t);
            return null;
        }
    }

    private byte[] weave(ClassLoader loader, String typeName, byte[] classFile, List<ModelCallLibrary> claiming) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, classFile),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(typeName).resolve();
        if (type.isInterface() && type.getDeclaredMethods().filter(m -> !m.isAbstract()).isEmpty()) {
            return null;
        }
        DynamicType.Builder<?> builder = null;
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (method.isAbstract() || method.isNative() || method.isBridge() || method.isSynthetic()
                    || !method.isMethod()) {
                continue;
            }
            LlmReader reader = readerOf(claiming, type, method);
            if (reader == null) {
                continue;
            }
            if (builder == null) {
                builder = byteBuddy().decorate(type, locator);
            }
            builder = builder.visit(Advice.withCustomMapping()
                    .bind(LlmReaderId.class, LlmReaders.register(reader))
                    .to(TypeDescription.ForLoadedType.of(method.getReturnType().represents(void.class)
                                    ? LlmHandlerCallAdvice.class : LlmCallAdvice.class),
                            ClassFileLocator.ForClassLoader.of(ModelCalls.class.getClassLoader()))
                    .on(is(method)));
        }
        return builder == null ? null : builder.make(pool).getBytes();
    }

    private static LlmReader readerOf(List<ModelCallLibrary> claiming, TypeDescription type, MethodDescription method) {
        for (ModelCallLibrary library : claiming) {
            LlmReader reader = library.readerOf(type, method);
            if (reader != null) {
                return reader;
            }
        }
        return null;
    }

    private ByteBuddy byteBuddy() {
        ByteBuddy made = byteBuddy;
        if (made == null) {
            made = new ByteBuddy().with(TypeValidation.DISABLED);
            byteBuddy = made;
        }
        return made;
    }
}
