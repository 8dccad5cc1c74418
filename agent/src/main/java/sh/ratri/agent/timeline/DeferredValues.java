package sh.ratri.agent.timeline;

import java.util.Arrays;

/**
 * A call's values kept as the references they are spelled from (each placeholder's value and, for
 * a tool that records them, the arguments), so that the exporter's thread, not the application's,
 * builds their strings: {@link Event#values()}, read from the export queue's slot in place, spells
 * them with the same code, bounds and order as the call would have. Kept so only when every such
 * value is settled (a {@code String}, a boxed primitive, an enum spelled by its name): spelled
 * later, it reads as it did during the call. A call with any other value is spelled at once on its own thread, since
 * the application may change that value once the call returns.
 *
 * <p>Reused, so keeping allocates nothing once its array has grown: a thread's scratch holder, a
 * slot of the export queue (through its {@link Event}) and a pooled handoff each own one, and
 * copy references from one to the next, never the array.
 */
final class DeferredValues {

    /** A call with more values than this is spelled at once, so that no holder grows past it. */
    static final int MAX = 16;

    private static final Object[] NONE = {};

    /** Enum types whose {@code toString()} is {@code Enum}'s own: the constant's name, fixed for good. */
    private static final ClassValue<Boolean> NAMED_ENUM = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() == Enum.class;
            } catch (NoSuchMethodException | RuntimeException e) {
                return false;
            }
        }
    };

    private CallSiteSpec spec;
    /** The spec is a {@link ToolSpec} whose arguments' summary is added as its last value. */
    private boolean withArguments;
    private int maxChars;
    private Object[] values = NONE;
    private int count;
    /**
     * Filled, or kept, for a call not yet handed on. Filling runs user code (a placeholder's getter,
     * a value's {@code toString()}) that may itself make a traced call on this thread: that call must
     * not reuse the holder under the outer call's feet, so it spells its own values at once.
     */
    private boolean busy;

    /**
     * The values of {@code spec} for a call with {@code arguments}: a constant spec's one array,
     * this holder when it kept what they are spelled from, else the strings spelled now.
     * {@code withArguments}: {@code spec} is a tool's whose arguments' summary is added.
     */
    Object of(CallSiteSpec spec, Object[] arguments, int maxChars, boolean withArguments) {
        Templates templates = spec.templates();
        if (!withArguments && templates.isConstant()) {
            return templates.render(arguments, maxChars);
        }
        int placeholders = templates.placeholders();
        int recorded = withArguments ? ((ToolSpec) spec).recordedArguments(arguments) : 0;
        int total = placeholders + recorded;
        if (total > MAX || busy) {
            String[] rendered = spec.render(arguments, maxChars);
            return withArguments ? ((ToolSpec) spec).withArguments(rendered, arguments, maxChars) : rendered;
        }
        busy = true;
        boolean handedOn = false;
        try {
            if (values.length < total) {
                values = new Object[Math.max(4, total)];
            }
            this.spec = spec;
            this.withArguments = withArguments;
            this.maxChars = maxChars;
            this.count = total;
            templates.collect(arguments, values);
            copy(arguments, values, placeholders, recorded);
            for (int i = 0; i < total; i++) {
                if (!settled(values[i])) {
                    return spell();
                }
            }
            handedOn = true;
            return this;
        } finally {
            if (!handedOn) {
                clear();
            }
        }
    }

    /** Whether {@code value} spells the same at any later time, without running user code. */
    static boolean settled(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                || type == Character.class || value instanceof Enum<?> && NAMED_ENUM.get(type);
    }

    /** The values' strings, as the spec renders them for the call. */
    String[] spell() {
        Templates templates = spec.templates();
        String[] rendered = templates.spell(values, maxChars);
        if (!withArguments) {
            return rendered;
        }
        int placeholders = templates.placeholders();
        ToolSpec tool = (ToolSpec) spec;
        return ToolSpec.withSummary(rendered, tool.argumentSummary(values, placeholders, count - placeholders,
                maxChars));
    }

    /** Makes this holder keep what {@code other} keeps: the references are copied, not the array. */
    void copyFrom(DeferredValues other) {
        if (values.length < other.count) {
            values = new Object[Math.max(4, other.count)];
        }
        copy(other.values, values, 0, other.count);
        if (count > other.count) {
            Arrays.fill(values, other.count, count, null);
        }
        spec = other.spec;
        withArguments = other.withArguments;
        maxChars = other.maxChars;
        count = other.count;
    }

    /**
     * Copies {@code count} references one by one: for the few a call has, cheaper than
     * {@code System.arraycopy}, whose GC barriers for a reference array are calls into the JVM.
     */
    private static void copy(Object[] from, Object[] to, int at, int count) {
        for (int i = 0; i < count; i++) {
            to[at + i] = from[i];
        }
    }

    /**
     * Drops the references, so that a holder waiting for reuse keeps no application object
     * reachable; the holder can be filled again.
     */
    void clear() {
        Arrays.fill(values, 0, count, null);
        count = 0;
        spec = null;
        busy = false;
    }
}
