package sh.ratri.agent.bootstrap;

import sh.ratri.ToolBlockedException;

/**
 * What {@link Bridge#enter} (or {@link Bridge#enterSuspend}) returns for a tool call the policy
 * blocked: the woven method skips its body when the enter advice returns one of these, and its exit
 * advice throws {@link #exception}.
 */
public final class Blocked {

    /** The runtime's scope of the call, which {@link Bridge}'s exit methods end with {@link #exception}. */
    final Object scope;
    final ToolBlockedException exception;

    public Blocked(Object scope, ToolBlockedException exception) {
        this.scope = scope;
        this.exception = exception;
    }
}
