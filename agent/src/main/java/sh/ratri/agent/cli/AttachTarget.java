package sh.ratri.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether {@code attach PID} may touch a process at all. HotSpot's attach asks the target
 * to start listening by sending it SIGQUIT, which kills any process that is not a JVM (exit 131),
 * so the target must first be known to be a Java VM of this user: one the Attach API lists (its
 * hsperfdata file), or one whose memory map holds {@code libjvm} (a JVM run with
 * {@code -XX:-UsePerfData}).
 */
final class AttachTarget {

    private AttachTarget() {
    }

    /** Why {@code pid} must not be attached to, or null when it is a JVM this user may attach to. */
    static String problem(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return "no process " + pid;
        }
        String owner = process.get().info().user().orElse(null);
        String me = System.getProperty("user.name");
        if (owner != null && !owner.equals(me) && !me.equals("root")) {
            return "process " + pid + " belongs to " + owner + ", not " + me + ": run attach as " + owner;
        }
        if (!listedByAttachApi(pid) && !mapsLibjvm(pid)) {
            return "process " + pid + process.get().info().command().map(c -> " (" + c + ")").orElse("")
                    + " is not a Java VM this user can attach to; nothing was sent to it";
        }
        return null;
    }

    private static boolean listedByAttachApi(long pid) {
        String id = Long.toString(pid);
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (vm.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mapsLibjvm(long pid) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux), or not ours to read
        }
    }
}
