package sh.ratri.agent.cli;

import com.sun.tools.attach.VirtualMachine;

/** Loads the agent jar into a running JVM through the Attach API. */
final class Attacher {

    private Attacher() {
    }

    static void attach(String pid, String agentJar, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            vm.loadAgent(agentJar, options);
        } finally {
            vm.detach();
        }
    }
}
