package sh.ratri.agent.export;

/**
 * The keys of metadata and payload pairs, which a spec hands over as the very same strings on every
 * call: each encoded once as a JSON field name, with whether it names a secret, in a small
 * direct-mapped table keyed by identity ({@link EncodedNames}' scheme), so a pair's key costs a
 * copy rather than a spelling, a lower-casing and a scan of the redaction keys. Exporter thread only.
 */
final class EncodedKeys {

    private final Redactor redactor;
    private final String[] keys;
    private final byte[][] names;
    private final boolean[] secret;

    /** {@code capacity}: a power of two. */
    EncodedKeys(int capacity, Redactor redactor) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.redactor = redactor;
        this.keys = new String[capacity];
        this.names = new byte[capacity][];
        this.secret = new boolean[capacity];
    }

    /** Where {@code key} (not null) is held, made now if it is not: for {@link #name} and {@link #isSecret}. */
    int entry(String key) {
        int at = System.identityHashCode(key) & (keys.length - 1);
        if (keys[at] != key) {
            names[at] = JsonOut.name(key);
            secret[at] = redactor.isSecretKey(key);
            keys[at] = key;
        }
        return at;
    }

    /** {@code "key":} */
    byte[] name(int entry) {
        return names[entry];
    }

    boolean isSecret(int entry) {
        return secret[entry];
    }
}
