package sh.ratri.agent.timeline;

/**
 * How one recognised library's model calls read: what the request asks for, and what the reply
 * says. Implemented per library in {@code weave.recognize}, by method names (the agent never
 * depends on a library). Called on the application thread, from the timeline, never from advice.
 * Either method may throw: the call is then recorded with what is known.
 */
public interface LlmReader {

    /** The request of a call on {@code receiver} with {@code arguments}; null when it is no model call. */
    LlmRequest request(Object receiver, Object[] arguments);

    /**
     * The call returned {@code returned}: end {@code call} now ({@link LlmCall#end}), or return a
     * stand-in of the same type that ends it when its last part or its error arrives (a stream).
     * Returns what the caller receives.
     */
    Object returned(LlmCall call, Object returned);

    /**
     * The arguments the call's method runs with, for a method whose reply arrives through a handler
     * argument: a copy with a stand-in handler that ends {@code call} at the reply's last part or
     * error, or {@code arguments} itself, when none can be made (the call then ends when the method
     * returns, through {@link #returned}).
     */
    default Object[] arguments(LlmCall call, Object[] arguments) {
        return arguments;
    }
}
