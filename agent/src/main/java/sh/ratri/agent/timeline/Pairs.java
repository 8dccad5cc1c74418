package sh.ratri.agent.timeline;

import java.util.Objects;

/**
 * The {@code key=value} pairs a spec hands over after its named members (a session's metadata, a
 * handoff's payload summary), read where they lie in the event's values: key, value, key, value…
 * from {@code from} on, as {@link Templates#withPairs} lays them out. They read as the map they
 * always meant: a key given twice is one entry, at its first place, with its last value. Read by
 * index, so the exporter builds no map, and no iterator, per event.
 */
public final class Pairs {

    private static final String[] NO_VALUES = {};
    static final Pairs NONE = new Pairs(NO_VALUES, 0);

    private final String[] values;
    private final int from;

    private Pairs(String[] values, int from) {
        this.values = values;
        this.from = from;
    }

    /**
     * The pairs of {@code values} from {@code from} on; {@code values} must not change while they
     * are read. {@code last}: what the caller got for its previous event, returned again when it
     * reads the same array, as a spec without placeholders hands out on every call.
     */
    static Pairs of(String[] values, int from, Pairs last) {
        if (last.values == values && last.from == from) {
            return last;
        }
        return from + 1 >= values.length ? NONE : new Pairs(values, from);
    }

    /** Places {@code 0..places()-1}, one per pair given, repeated keys included: see {@link #repeatsAnEarlierKey}. */
    public int places() {
        return (values.length - from) / 2;
    }

    /** Whether the key at {@code place} was given before: its entry is at that first place, so this one is skipped. */
    public boolean repeatsAnEarlierKey(int place) {
        String key = key(place);
        for (int earlier = 0; earlier < place; earlier++) {
            if (Objects.equals(key(earlier), key)) {
                return true;
            }
        }
        return false;
    }

    /** The key at {@code place}; null only when the explicit API was given a null key. */
    public String key(int place) {
        return values[from + 2 * place];
    }

    /** The value of the key at {@code place}: the last one given for that key. */
    public String value(int place) {
        String key = key(place);
        for (int later = places() - 1; later > place; later--) {
            if (Objects.equals(key(later), key)) {
                return values[from + 2 * later + 1];
            }
        }
        return values[from + 2 * place + 1];
    }
}
