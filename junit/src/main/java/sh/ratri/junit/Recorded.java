package sh.ratri.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A list of recorded items (sessions, runs, tool calls…) narrowed by filters, with the assertions
 * tests need most. A failed assertion names what was asked for and lists what was recorded.
 *
 * @param <T> the item
 * @param <S> the concrete list type, returned by the filters
 */
public abstract class Recorded<T, S extends Recorded<T, S>> implements Iterable<T> {

    private final String what;
    private final List<T> items;
    private final List<T> recorded;

    Recorded(String what, List<T> items, List<T> recorded) {
        this.what = what;
        this.items = Collections.unmodifiableList(items);
        this.recorded = recorded;
    }

    /** The same kind of list, holding {@code narrowed}, described as {@code what}. */
    abstract S narrowed(String what, List<T> narrowed, List<T> recorded);

    /** Keeps the items {@code filter} accepts; {@code description} goes into failure messages. */
    public S where(String description, Predicate<T> filter) {
        List<T> kept = new ArrayList<T>();
        for (T item : items) {
            if (filter.test(item)) {
                kept.add(item);
            }
        }
        return narrowed(what + " " + description, kept, recorded);
    }

    public List<T> list() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public Iterator<T> iterator() {
        return items.iterator();
    }

    /** The one item; fails when there are none or several. */
    public T single() {
        assertCount(1);
        return items.get(0);
    }

    /** Fails unless exactly {@code expected} items are left; returns this list for chaining. */
    @SuppressWarnings("unchecked")
    public S assertCount(int expected) {
        if (items.size() != expected) {
            fail("expected " + expected + " " + what + ", found " + items.size());
        }
        return (S) this;
    }

    /** Fails when no item is left. */
    @SuppressWarnings("unchecked")
    public S assertAny() {
        if (items.isEmpty()) {
            fail("expected at least one " + what + ", found none");
        }
        return (S) this;
    }

    /** Fails when any item is left. */
    @SuppressWarnings("unchecked")
    public S assertNone() {
        if (!items.isEmpty()) {
            fail("expected no " + what + ", found " + items.size() + ": " + items);
        }
        return (S) this;
    }

    private void fail(String message) {
        throw new AssertionError(message + "; recorded: " + (recorded.isEmpty() ? "nothing of this kind" : recorded));
    }

    @Override
    public String toString() {
        return what + " " + items;
    }
}
