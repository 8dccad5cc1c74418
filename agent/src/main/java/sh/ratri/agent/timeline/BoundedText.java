package sh.ratri.agent.timeline;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spells a value as {@code String.valueOf} would (arrays as {@code Arrays.toString}, nested object
 * arrays as {@code Arrays.deepToString}), but stops once it holds more than {@code limit}
 * characters: a 60 MB {@code byte[]} or a list of a million elements costs as much as its first
 * {@code limit} characters. Strings and other {@code CharSequence}s, arrays, collections and maps
 * whose {@code toString} is the JDK's format, and {@code Optional} are walked here; any other
 * object's own {@code toString()} runs whole and is cut afterwards.
 */
final class BoundedText {

    /**
     * Classes whose {@code toString} prints {@code [a, b]} or {@code {k=v}} from their elements, as
     * {@code AbstractCollection} and {@code AbstractMap} do: the declaring class of a value's
     * {@code toString} must be one of these, so a collection with a toString of its own keeps it.
     * Names, not class literals, so that none of them is loaded for this list.
     */
    private static final Set<String> JDK_FORMAT = Set.of("java.util.AbstractCollection", "java.util.Vector",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.ArrayBlockingQueue",
            "java.util.AbstractMap", "java.util.concurrent.ConcurrentHashMap", "java.util.Hashtable",
            "java.util.Properties");

    private static final ClassValue<Boolean> ELEMENT_FORMAT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class<?> declaring = type.getMethod("toString").getDeclaringClass();
                return declaring.getClassLoader() == null && JDK_FORMAT.contains(declaring.getName());
            } catch (NoSuchMethodException | RuntimeException e) {
                return false;
            }
        }
    };

    private final StringBuilder out;
    private final int limit;

    private BoundedText(int limit) {
        this.limit = limit;
        this.out = new StringBuilder(Math.min(limit, 64));
    }

    /**
     * The value's text, at most {@code maxChars} characters; a longer one is cut there and ends with
     * {@code …}. May throw what a user {@code toString()} or iterator throws.
     */
    static String of(Object value, int maxChars) {
        if (value instanceof String whole && whole.length() <= maxChars) {
            return whole; // the same text, without copying it on the application thread
        }
        BoundedText text = new BoundedText(maxChars + 1); // one more, to know whether there was more
        if (value != null && value.getClass().isArray()) {
            text.array(value, null);
        } else {
            text.value(value);
        }
        return text.result(maxChars);
    }

    private String result(int maxChars) {
        if (out.length() <= maxChars) {
            return out.toString();
        }
        out.setLength(maxChars);
        return out.append('…').toString();
    }

    private boolean full() {
        return out.length() >= limit;
    }

    private void append(String text) {
        append((CharSequence) text);
    }

    private void append(CharSequence text) {
        int room = limit - out.length();
        if (room > 0) {
            out.append(text, 0, Math.min(room, text.length()));
        }
    }

    /** As {@code String.valueOf(value)}. */
    private void value(Object value) {
        if (full()) {
            return;
        }
        if (value == null) {
            append("null");
        } else if (value instanceof CharSequence chars) {
            append(chars);
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                append("Optional[");
                value(optional.get());
                append("]");
            } else {
                append("Optional.empty");
            }
        } else if (value instanceof Collection<?> collection && ELEMENT_FORMAT.get(value.getClass())) {
            collection(collection);
        } else if (value instanceof Map<?, ?> map && ELEMENT_FORMAT.get(value.getClass())) {
            map(map);
        } else {
            append(String.valueOf(value)); // an arbitrary toString(), arrays included: String.valueOf's text
        }
    }

    /** As {@code AbstractCollection.toString}. */
    private void collection(Collection<?> collection) {
        append("[");
        Iterator<?> elements = collection.iterator();
        boolean first = true;
        while (elements.hasNext() && !full()) {
            Object element = elements.next();
            if (!first) {
                append(", ");
            }
            first = false;
            if (element == collection) {
                append("(this Collection)");
            } else {
                value(element);
            }
        }
        append("]");
    }

    /** As {@code AbstractMap.toString}. */
    private void map(Map<?, ?> map) {
        append("{");
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        boolean first = true;
        while (entries.hasNext() && !full()) {
            Map.Entry<?, ?> entry = entries.next();
            if (!first) {
                append(", ");
            }
            first = false;
            Object key = entry.getKey();
            Object value = entry.getValue();
            if (key == map) {
                append("(this Map)");
            } else {
                value(key);
            }
            append("=");
            if (value == map) {
                append("(this Map)");
            } else {
                value(value);
            }
        }
        append("}");
    }

    /**
     * As {@code Arrays.toString} for a primitive array and {@code Arrays.deepToString} for an
     * object array; {@code enclosing} holds the object arrays being printed, for {@code [...]}.
     */
    private void array(Object array, Map<Object, Boolean> enclosing) {
        append("[");
        if (array instanceof Object[] objects) {
            objects(objects, enclosing);
        } else {
            // boxing each element is cheap here: the loop stops after about limit / 2 elements
            for (int i = 0, length = Array.getLength(array); i < length && !full(); i++) {
                separate(i);
                out.append(Array.get(array, i));
            }
        }
        append("]");
    }

    private void objects(Object[] array, Map<Object, Boolean> enclosing) {
        Map<Object, Boolean> within = enclosing == null ? new IdentityHashMap<>() : enclosing;
        within.put(array, Boolean.TRUE);
        for (int i = 0; i < array.length && !full(); i++) {
            separate(i);
            Object element = array[i];
            if (element != null && element.getClass().isArray()) {
                if (within.containsKey(element)) {
                    append("[...]");
                } else {
                    array(element, within);
                }
            } else {
                value(element);
            }
        }
        within.remove(array);
    }

    private void separate(int index) {
        if (index > 0) {
            append(", ");
        }
    }
}
