package sh.ratri.agent.weave;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.weave.recognize.Recognition;
import sh.ratri.annotations.Tool;
import sh.ratri.woven.WeavingFixtures;
import sh.ratri.woven.WovenShapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load-time weaving reads types from their class files, attaching reads Byte Buddy's descriptions:
 * {@link CallSiteReader} must find the same call sites through either, for every shape of fixture
 * (inherited and interface annotations, generics, nested, local and anonymous classes, futures).
 */
class ClassFileTypesTest {

    private final ClassLoader loader = getClass().getClassLoader();
    private final CallSites callSites = new CallSites();

    @Test
    void classFilesAndByteBuddysDescriptionsGiveTheSameCallSites() {
        Object anonymous = new Object() {
            @Tool(name = "anonymous.{value}")
            public String answer(String value) {
                return value;
            }
        };
        class Local extends WeavingFixtures.Annotated {
            @Tool
            public CompletableFuture<String> later() {
                return CompletableFuture.completedFuture("x");
            }
        }
        List<Class<?>> types = new ArrayList<>(List.of(WovenShapes.class, anonymous.getClass(), Local.class));
        types.addAll(Arrays.asList(WeavingFixtures.class.getDeclaredClasses()));
        types.addAll(Arrays.asList(CallSiteReaderTest.class.getDeclaredClasses()));
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
        int compared = 0;

        for (Class<?> type : types) {
            String internalName = type.getName().replace('.', '/');
            ClassFileTypes.ClassFileType fromClassFile = new ClassFileTypes(loader, Recognition.none())
                    .woven(internalName, LoadingJvm.classFile(type));
            TypeDescription described = pool.describe(type.getName()).resolve();
            TypeDeclaration declaration = DescribedTypes.of(described, Recognition.none());
            assertThat(CallSiteReader.mayDeclareCallSites(fromClassFile))
                    .isEqualTo(CallSiteReader.mayDeclareCallSites(described, Recognition.none()));
            for (MethodDeclaration method : fromClassFile.methods()) {
                MethodDeclaration same = declaration.methods().stream()
                        .filter(m -> (m.name() + m.descriptor()).equals(method.name() + method.descriptor()))
                        .findFirst().orElseThrow();
                assertThat(CallSiteReader.weavable(method)).isEqualTo(CallSiteReader.weavable(same));
                List<String> problemsOfClassFile = new ArrayList<>();
                List<String> problemsOfDescription = new ArrayList<>();
                CallSite read = new CallSiteReader(problemsOfClassFile::add, callSites, Recognition.none(), true)
                        .read(fromClassFile, method, false);
                CallSite expected = new CallSiteReader(problemsOfDescription::add, callSites, Recognition.none(), true)
                        .read(declaration, same, false);

                assertThat(read).as(type.getName() + "#" + method.name())
                        .usingRecursiveComparison().isEqualTo(expected);
                assertThat(problemsOfClassFile).isEqualTo(problemsOfDescription);
                compared += read == null ? 0 : 1;
            }
        }
        assertThat(compared).isGreaterThan(30);
        assertThat(Stream.of(anonymous.getClass(), Local.class).map(Class::getSimpleName)).containsExactly("", "Local");
    }
}
