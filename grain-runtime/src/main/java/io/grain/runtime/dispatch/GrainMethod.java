package io.grain.runtime.dispatch;

import java.nio.charset.StandardCharsets;

/**
 * What the runtime needs to know of one grain method, written by the processor as constants of
 * the generated dispatcher: its stable id, how it may interleave, its timeout, and whether its
 * arguments and result may pass by reference inside one process.
 */
public final class GrainMethod {
    /** {@link #timeoutMillis()} of a method without {@code @Timeout}: the member's default applies. */
    public static final long DEFAULT_TIMEOUT = 0;

    private final int id;
    private final String name;
    private final String signature;
    private final boolean oneWay;
    private final boolean readOnly;
    private final boolean alwaysInterleave;
    private final long timeoutMillis;
    private final boolean resultImmutable;
    private final boolean clientCallable;

    /**
     * The stable id of a method: the 32-bit FNV-1a hash of its UTF-8 signature, as the processor
     * computes it for generated methods. The runtime's own methods (reminder ticks, topic grains)
     * hash signatures no Java method can have, so they never collide with generated ids.
     */
    public static int idOf(final String signature) {
        int hash = 0x811c9dc5;
        for (final byte b : signature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /**
     * @param id               the stable hash of {@code signature}.
     * @param name             the Java method name.
     * @param signature        name and erased parameter types, e.g. {@code addScore(int)}.
     * @param oneWay           no reply is sent.
     * @param readOnly         may interleave with other read-only calls.
     * @param alwaysInterleave may interleave with any call.
     * @param timeoutMillis    the method's timeout, or {@link #DEFAULT_TIMEOUT}.
     * @param resultImmutable  the processor proved the result immutable: a local caller may get
     *                         the callee's object itself rather than a decoded copy.
     */
    public GrainMethod(
        final int id,
        final String name,
        final String signature,
        final boolean oneWay,
        final boolean readOnly,
        final boolean alwaysInterleave,
        final long timeoutMillis,
        final boolean resultImmutable) {
        this(id, name, signature, oneWay, readOnly, alwaysInterleave, timeoutMillis, resultImmutable, false);
    }

    /**
     * A method with every property of the constructor above, and whether game clients may call it
     * through a gateway ({@code @ClientCallable}).
     */
    public GrainMethod(
        final int id,
        final String name,
        final String signature,
        final boolean oneWay,
        final boolean readOnly,
        final boolean alwaysInterleave,
        final long timeoutMillis,
        final boolean resultImmutable,
        final boolean clientCallable) {
        this.id = id;
        this.name = name;
        this.signature = signature;
        this.oneWay = oneWay;
        this.readOnly = readOnly;
        this.alwaysInterleave = alwaysInterleave;
        this.timeoutMillis = timeoutMillis;
        this.resultImmutable = resultImmutable;
        this.clientCallable = clientCallable;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String signature() {
        return signature;
    }

    public boolean oneWay() {
        return oneWay;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean alwaysInterleave() {
        return alwaysInterleave;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    public boolean resultImmutable() {
        return resultImmutable;
    }

    /** Game clients may call this method through a gateway: it is marked {@code @ClientCallable}. */
    public boolean clientCallable() {
        return clientCallable;
    }

    @Override
    public String toString() {
        return signature + "#" + Integer.toHexString(id);
    }
}
