package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.ratri.examples.support.ForkedJvm;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code attach PID} touches nothing but a JVM: HotSpot's attach would send any other process
 * SIGQUIT, which kills it.
 */
class AttachSafetyIT {

    @Test
    void attachToAProcessThatIsNotAJvmRefusesWithExit2AndLeavesItRunning(@TempDir Path dir) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedJvm.Result attach = ForkedJvm.cli(dir, "attach", Long.toString(sleep.pid()));

            assertThat(attach.exitCode()).isEqualTo(2);
            assertThat(attach.stderr().trim()).startsWith("ratri: attach: process " + sleep.pid() + " (")
                    .endsWith("sleep) is not a Java VM this user can attach to; nothing was sent to it");
            assertThat(sleep.waitFor(300, TimeUnit.MILLISECONDS)).as("sleep ended with " + exitOf(sleep)).isFalse();
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void attachToAProcessThatIsGoneSaysSo(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        ForkedJvm.Result attach = ForkedJvm.cli(dir, "attach", Long.toString(gone.pid()));

        assertThat(attach.exitCode()).isEqualTo(2);
        assertThat(attach.stderr().trim()).isEqualTo("ratri: attach: no process " + gone.pid());
    }

    private static String exitOf(Process process) {
        return process.isAlive() ? "nothing" : "exit code " + process.exitValue();
    }
}
