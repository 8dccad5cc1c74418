package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load-time weaving of annotated classes needs none of Byte Buddy's type system or {@code Advice}
 * machinery: the class files are read and the advice written with ASM, so the first traced call does
 * not wait for them to be set up (issue 17, target 4). Seen in the JVM's own class-loading log.
 */
class LoadTimeWeavingIT {

    private static final String SHADED_BYTE_BUDDY = "sh.ratri.agent.shaded.net.bytebuddy.";

    @Test
    void theSupportOpsPipelineIsTracedWithoutLoadingByteBuddysTypeSystemOrAdvice(@TempDir Path dir)
            throws Exception {
        ForkedJvm.Result result = ForkedJvm.scenario("support-ops").in(dir).jvmOption("-Xlog:class+load").run();

        List<String> lines = result.stdout().lines().toList();
        int answered = lines.size() - 1;
        while (answered >= 0 && lines.get(answered).startsWith("[")) {
            answered--;
        }
        List<String> byteBuddy = lines.subList(0, Math.max(answered, 0)).stream()
                .filter(line -> line.contains(" " + SHADED_BYTE_BUDDY))
                .map(line -> line.substring(line.indexOf(SHADED_BYTE_BUDDY) + SHADED_BYTE_BUDDY.length()).split(" ")[0])
                .toList();
        assertThat(result.exitCode()).isZero();
        assertThat(answered).as("the pipeline's answer").isPositive();
        assertThat(result.events().ofType("session.ended")).hasSize(1);
        assertThat(byteBuddy).as("Byte Buddy classes loaded before the first traced call ended")
                .isNotEmpty() // the agent still uses Byte Buddy's copy of ASM
                .noneMatch(name -> name.startsWith("description.type.TypeDescription")
                        || name.startsWith("asm.Advice") || name.startsWith("pool.TypePool$Default")
                        || name.startsWith("dynamic.DynamicType") || name.equals("ByteBuddy"));
    }
}
