package io.grain.runtime.dispatch;

import io.grain.annotation.KeyType;
import io.grain.runtime.GrainId;

/**
 * Checks a grain key against the key type its interface declares with {@code @Grain(key = ...)}.
 * Stateless; any thread.
 */
public final class GrainKeys {
    private GrainKeys() {
    }

    /** Whether a key of type {@code given} addresses a grain whose interface declares {@code declared}. */
    public static boolean accepts(final KeyType declared, final GrainId.KeyType given) {
        // on every inbound call: compare enum constants, no strings
        switch (declared) {
            case STRING: return given == GrainId.KeyType.STRING;
            case LONG: return given == GrainId.KeyType.LONG;
            case UUID: return given == GrainId.KeyType.UUID;
            default: return true;
        }
    }

    /**
     * Throws unless {@code dispatcher}'s interface accepts keys of type {@code given}.
     *
     * @throws IllegalArgumentException naming the interface, its declared key type and the given one.
     */
    public static void check(final GrainDispatcher<?> dispatcher, final GrainId.KeyType given) {
        final KeyType declared = dispatcher.keyType();
        if (!accepts(declared, given)) {
            throw new IllegalArgumentException(mismatch(dispatcher, given));
        }
    }

    /** The message for a key of type {@code given} used with {@code dispatcher}'s interface. */
    public static String mismatch(final GrainDispatcher<?> dispatcher, final GrainId.KeyType given) {
        return "grain interface " + dispatcher.grainInterface().getName() + " (kind '" + dispatcher.kind()
            + "') declares @Grain(key = KeyType." + dispatcher.keyType() + "), but was given a " + given
            + " key; use a " + dispatcher.keyType() + " key";
    }
}
