package sh.ratri.agent.weave;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.StubMethod;
import net.bytebuddy.implementation.SuperMethodCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.agent.weave.recognize.WeaveRules;
import sh.ratri.annotations.Run;
import sh.ratri.woven.WeavingFixtures.Annotated;
import sh.ratri.woven.WeavingFixtures.Assistant;
import sh.ratri.woven.WeavingFixtures.Base;
import sh.ratri.woven.WeavingFixtures.Implementation;
import sh.ratri.woven.WeavingFixtures.Overriding;
import sh.ratri.woven.WeavingFixtures.Plain;
import sh.ratri.woven.WeavingFixtures.TicketHandler;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which classes and methods the weaver rewrites, through the transformer it registers at premain:
 * real class files (compiled here, or generated where a name or a superclass javac cannot give is
 * the point) go through it as class loading would hand them over. The fixtures are in
 * {@link sh.ratri.woven.WeavingFixtures}, outside the agent's packages, which are never woven.
 */
class WeaverTest {

    private static final String BRIDGE = "sh/ratri/agent/bootstrap/Bridge";

    private final CallSites callSites = new CallSites();
    private final List<String> problems = new ArrayList<>();
    private final LoadingJvm jvm = new LoadingJvm();
    private final ClassLoader loader = getClass().getClassLoader();

    private Weaver installed(Recognition recognition) {
        Weaver weaver = new Weaver(callSites, problems::add, false, recognition, true);
        weaver.install(jvm.instrumentation(), false);
        return weaver;
    }

    private Weaver installed() {
        return installed(Recognition.none());
    }

    /** {@code SimpleClassName.method} of every call site registered so far. */
    private List<String> registered() {
        List<String> where = new ArrayList<>();
        for (int id = 0; id < 256; id++) {
            CallSite site = callSites.get(id);
            if (site != null) {
                where.add(site.where());
            }
        }
        return where;
    }

    @Test
    void annotatedMethodIsWovenAndItsNeighboursAreNot() {
        installed();

        byte[] woven = jvm.load(loader, Annotated.class);

        assertThat(woven).isNotNull();
        assertThat(registered()).containsExactly("Annotated.handle");
        assertThat(LoadingJvm.methodsCalling(woven, BRIDGE)).containsExactly("handle()V");
    }

    @Test
    void classWithoutAnnotationsIsLeftAsItIs() {
        installed();

        assertThat(jvm.load(loader, Plain.class)).isNull();
        assertThat(registered()).isEmpty();
    }

    @Test
    void overrideOfAnAnnotatedMethodIsWovenWithoutRepeatingTheAnnotation() {
        installed();

        byte[] woven = jvm.load(loader, Overriding.class);

        assertThat(registered()).containsExactly("Overriding.handle");
        assertThat(LoadingJvm.methodsCalling(woven, BRIDGE)).containsExactly("handle()V");
    }

    @Test
    void abstractAnnotatedMethodIsWovenInTheImplementationOnly() {
        installed();

        byte[] base = jvm.load(loader, Base.class);
        assertThat(registered()).containsExactly("Base.lookup");
        assertThat(LoadingJvm.methodsCalling(base, BRIDGE)).containsExactly("lookup()V");

        byte[] implementation = jvm.load(loader, Implementation.class);
        assertThat(registered()).containsExactly("Base.lookup", "Implementation.orchestrate");
        assertThat(LoadingJvm.methodsCalling(implementation, BRIDGE)).containsExactly("orchestrate()V");
    }

    @Test
    void implementationOfAGenericAnnotatedInterfaceMethodIsWovenOnceNotInItsBridgeMethod() {
        installed();

        byte[] woven = jvm.load(loader, TicketHandler.class);

        assertThat(registered()).containsExactly("TicketHandler.handle");
        assertThat(LoadingJvm.methodsCalling(woven, BRIDGE)).containsExactly("handle(Ljava/lang/String;)V");
    }

    @Test
    void annotatedClassInTheAgentsOwnPackagesIsNeverWoven() {
        installed();
        byte[] generated = new ByteBuddy().subclass(Object.class).name("sh.ratri.agent.Generated")
                .defineMethod("handle", void.class, Visibility.PUBLIC).intercept(StubMethod.INSTANCE)
                .annotateMethod(AnnotationDescription.Builder.ofType(Run.class).build())
                .make().getBytes();

        assertThat(jvm.load(loader, "sh/ratri/agent/Generated", generated)).isNull();
        assertThat(registered()).isEmpty();
    }

    @Test
    void frameworkProxyOfAnAnnotatedClassIsNotWovenSinceTheClassItForwardsToIs() {
        installed();
        String name = Annotated.class.getName() + "$$SpringCGLIB$$0";
        byte[] proxy = new ByteBuddy().subclass(Annotated.class).name(name)
                .method(named("handle")).intercept(SuperMethodCall.INSTANCE)
                .make().getBytes();

        assertThat(jvm.load(loader, name.replace('.', '/'), proxy)).isNull();
        assertThat(registered()).isEmpty();
    }

    @Test
    void jdkDynamicProxyOfAnAnnotatedInterfaceIsWovenAndNamedForTheInterface() {
        installed();
        byte[] proxy = new ByteBuddy()
                .subclass(Proxy.class, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_PUBLIC)
                .name("jdk.proxy9.$Proxy42").implement(Assistant.class)
                .method(named("answer")).intercept(FixedValue.value("yes"))
                .make().getBytes();

        byte[] woven = jvm.load(loader, "jdk/proxy9/$Proxy42", proxy);

        assertThat(registered()).containsExactly("Assistant.answer");
        assertThat(LoadingJvm.methodsCalling(woven, BRIDGE)).containsExactly("answer(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void weaveRuleWeavesAMethodThatCarriesNoAnnotation(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("ratri.rules"),
                Plain.class.getName() + "#work(java.lang.String) = tool name=plain.work\n");
        installed(Recognition.none().add(WeaveRules.load(rules.toString(), problems::add)));

        byte[] woven = jvm.load(loader, Plain.class);

        assertThat(problems).isEmpty();
        assertThat(registered()).containsExactly("Plain.work");
        assertThat(LoadingJvm.methodsCalling(woven, BRIDGE)).containsExactly("work(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void classesOfTheBootstrapLoaderAreNotWovenByTheCallSiteTransformer() {
        installed();

        assertThat(jvm.load(null, Annotated.class)).isNull();
        assertThat(registered()).isEmpty();
    }

    @Test
    void unreadableClassFileIsCountedAsAFailureAndLoadsUnchanged() {
        Weaver weaver = installed();
        byte[] classFile = LoadingJvm.classFile(Annotated.class);
        byte[] truncated = Arrays.copyOf(classFile, classFile.length - 40);

        byte[] out = jvm.load(loader, Annotated.class.getName().replace('.', '/'), truncated);

        assertThat(out).isNull();
        assertThat(weaver.failures()).isEqualTo(1);
        assertThat(registered()).isEmpty();
    }
}
