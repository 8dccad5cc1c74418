package sh.ratri.agent.weave.recognize;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a library's values by method name, as a reader of its replies must (the agent never links
 * against it). Each class's methods are looked up once; a method that is missing, throws or returns
 * null reads as null, so a library version that renamed something yields less, never an error.
 * {@code Optional}s are unwrapped.
 */
final class Reflect {

    private static final Method NONE;

    static {
        try {
            NONE = Object.class.getMethod("hashCode");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ClassValue<ConcurrentHashMap<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Reflect() {
    }

    /** {@code target.name()}, unwrapped from an {@code Optional}; null when there is none. */
    static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method method = METHODS.get(target.getClass()).computeIfAbsent(name, n -> find(target.getClass(), n));
        if (method == NONE) {
            return null;
        }
        try {
            Object value = method.invoke(target);
            return value instanceof Optional<?> optional ? optional.orElse(null) : value;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {@code target.a().b()…}, null as soon as one step is. */
    static Object path(Object target, String... names) {
        Object value = target;
        for (String name : names) {
            value = call(value, name);
        }
        return value;
    }

    /** A number the path leads to, or {@link sh.ratri.agent.timeline.LlmResponse#UNKNOWN}. */
    static long count(Object target, String... names) {
        return path(target, names) instanceof Number number ? number.longValue() : -1;
    }

    /**
     * A name the path leads to: a string as it is, an SDK's enum-like value by its {@code asString()}
     * (its wire form), a union of a string or a known value by whichever it holds.
     */
    static String text(Object target, String... names) {
        return textOf(path(target, names));
    }

    static String textOf(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        for (String accessor : new String[] {"string", "chat", "only"}) { // unions such as OpenAI's ResponsesModel
            Object held = call(value, accessor);
            if (held != null && held != value) {
                return textOf(held);
            }
        }
        Object wire = call(value, "asString");
        return wire instanceof String text ? text : String.valueOf(value);
    }

    /** The first element of a list the path leads to; null when it is empty or none. */
    static Object first(Object target, String... names) {
        return path(target, names) instanceof java.util.List<?> list && !list.isEmpty() ? list.get(0) : null;
    }

    private static Method find(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            try {
                method.setAccessible(true); // a public method of a class that is not public itself
            } catch (RuntimeException inAModule) {
                // public in an exported package: callable as it is
            }
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            return NONE;
        }
    }
}
