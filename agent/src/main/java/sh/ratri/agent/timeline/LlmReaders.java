package sh.ratri.agent.timeline;

import java.util.Arrays;

/**
 * The {@link LlmReader}s woven advice names by number, as call sites are: the number is a
 * constant in the woven code, so the call finds its reader with an array read.
 */
public final class LlmReaders {

    private static volatile LlmReader[] readers = new LlmReader[0];

    private LlmReaders() {
    }

    /** The number of {@code reader}, registering it on first sight. */
    public static synchronized int register(LlmReader reader) {
        LlmReader[] known = readers;
        for (int i = 0; i < known.length; i++) {
            if (known[i] == reader) {
                return i;
            }
        }
        LlmReader[] grown = Arrays.copyOf(known, known.length + 1);
        grown[known.length] = reader;
        readers = grown;
        return known.length;
    }

    static LlmReader get(int id) {
        LlmReader[] known = readers;
        return id >= 0 && id < known.length ? known[id] : null;
    }
}
