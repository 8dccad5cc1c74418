package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.Bridge;

/**
 * One thread's argument arrays, one per arity up to {@link Bridge#MOST_ARGUMENTS_WITHOUT_ARRAY}: woven
 * code passes a call's arguments one by one, and the timeline reads them from an array lent for that
 * call's entry only, so that no traced call allocates one. Entering a call runs user code (a
 * placeholder's getter, an argument's {@code toString()}) that may enter another traced call on this
 * thread while the outer one still reads its array: a lent array is not in its place until it is given
 * back, so the inner call gets a new one, and whichever array comes back last is kept.
 *
 * <p>Not thread-safe: a {@link ThreadState}'s, used by its thread only.
 */
final class ArgumentArrays {

    /** Indexed by arity; null while that array is lent, and until first lent. */
    private final Object[][] spare = new Object[Bridge.MOST_ARGUMENTS_WITHOUT_ARRAY + 1][];

    Object[] lend(Object argument0) {
        Object[] arguments = take(1);
        arguments[0] = argument0;
        return arguments;
    }

    Object[] lend(Object argument0, Object argument1) {
        Object[] arguments = take(2);
        arguments[0] = argument0;
        arguments[1] = argument1;
        return arguments;
    }

    Object[] lend(Object argument0, Object argument1, Object argument2) {
        Object[] arguments = take(3);
        arguments[0] = argument0;
        arguments[1] = argument1;
        arguments[2] = argument2;
        return arguments;
    }

    Object[] lend(Object argument0, Object argument1, Object argument2, Object argument3) {
        Object[] arguments = take(4);
        arguments[0] = argument0;
        arguments[1] = argument1;
        arguments[2] = argument2;
        arguments[3] = argument3;
        return arguments;
    }

    Object[] lend(Object argument0, Object argument1, Object argument2, Object argument3, Object argument4) {
        Object[] arguments = take(5);
        arguments[0] = argument0;
        arguments[1] = argument1;
        arguments[2] = argument2;
        arguments[3] = argument3;
        arguments[4] = argument4;
        return arguments;
    }

    /**
     * The call that was lent {@code arguments} has read them: emptied, so that a thread between calls
     * keeps no application object reachable, and kept for the next call of its arity.
     */
    void giveBack(Object[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = null;
        }
        spare[arguments.length] = arguments;
    }

    private Object[] take(int arity) {
        Object[] arguments = spare[arity];
        if (arguments == null) {
            return new Object[arity];
        }
        spare[arity] = null;
        return arguments;
    }
}
