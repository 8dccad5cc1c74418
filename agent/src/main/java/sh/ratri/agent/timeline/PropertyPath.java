package sh.ratri.agent.timeline;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reads {@code a.b.c} from an argument: a getter ({@code getB()}/{@code isB()}), a record
 * accessor or no-argument method {@code b()}, or a public field. The accessor is looked up on
 * first use per class and kept, so reflection runs once per class, not per call.
 */
final class PropertyPath {

    private final String[] names;
    private final ClassValue<MethodHandle>[] accessors;

    @SuppressWarnings("unchecked")
    PropertyPath(String[] names) {
        this.names = names;
        this.accessors = new ClassValue[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            accessors[i] = new ClassValue<>() {
                @Override
                protected MethodHandle computeValue(Class<?> type) {
                    return accessor(type, name);
                }
            };
        }
    }

    Object read(Object root) {
        Object value = root;
        for (int i = 0; i < names.length && value != null; i++) {
            MethodHandle accessor = accessors[i].get(value.getClass());
            if (accessor == null) {
                return "{" + String.join(".", names) + "?}";
            }
            try {
                value = accessor.invoke(value);
            } catch (Throwable t) {
                return "{" + names[i] + ": " + t.getClass().getSimpleName() + "}";
            }
        }
        return value;
    }

    private static MethodHandle accessor(Class<?> type, String name) {
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (String candidate : new String[] {"get" + capitalised, "is" + capitalised, name}) {
            Method method = publicMethod(type, candidate);
            if (method != null) {
                try {
                    return lookup.unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
                } catch (IllegalAccessException ignored) {
                    // try the next shape
                }
            }
        }
        try {
            Field field = type.getField(name);
            if (!Modifier.isStatic(field.getModifiers())) {
                if (!Modifier.isPublic(field.getDeclaringClass().getModifiers())) {
                    field.setAccessible(true); // as for methods: a public field of a package-private class
                }
                return lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
            }
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException ignored) {
            // not readable
        }
        return null;
    }

    /** A public no-argument method reachable through a public type (records and beans in public classes). */
    private static Method publicMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                m.setAccessible(true);
            }
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }
}
