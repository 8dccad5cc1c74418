package sh.ratri.agent.timeline;

import sh.ratri.agent.bootstrap.Bridge;

/**
 * One thread's argument arrays, one per arity up to {@link Bridge#MOST_ARGUMENTS_WITHOUT_ARRAY}: woven
 * code passes a call's arguments one by one, and the timeline reads them from an array lent for that
 * call's entry only, so that no traced call allocates one. Entering a call runs user code (a
 * placeholder's getter, an argument's {@code toString()}) that may enter another traced call on this
 * thread while the outer one still reads its array: the inner call then gets a new one, used once.
 * The arrays stay where they are while lent, marked lent by a bit: each reference stored into this
 * long-lived object would cost the application thread a GC write barrier, a bit costs none.
 *
 * <p>Not thread-safe: a {@link ThreadState}'s, used by its thread only.
 */
final class ArgumentArrays {

    /** Indexed by arity; null until first lent. */
    private final Object[][] spare = new Object[Bridge.MOST_ARGUMENTS_WITHOUT_ARRAY + 1][];
    /** Bit {@code arity} set while {@code spare[arity]} is lent. */
    private int lent;

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
     * keeps no application object reachable, and free for the next call of its arity if it is the thread's.
     */
    void giveBack(Object[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = null;
        }
        if (arguments == spare[arguments.length]) {
            lent &= ~(1 << arguments.length);
        }
    }

    private Object[] take(int arity) {
        int bit = 1 << arity;
        if ((lent & bit) != 0) {
            return new Object[arity];
        }
        Object[] arguments = spare[arity];
        if (arguments == null) {
            arguments = new Object[arity];
            spare[arity] = arguments;
        }
        lent |= bit;
        return arguments;
    }
}
