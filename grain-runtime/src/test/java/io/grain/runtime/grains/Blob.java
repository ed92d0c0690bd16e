package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** Moves byte arrays of any size: large arguments and large replies. */
@Grain("blob")
public interface Blob {
    /** Its argument, bytes in reverse order (so a reply is not the request's bytes sent back). */
    CompletableFuture<byte[]> reversed(byte[] data);

    /** {@code length} bytes counting up from 0 (mod 256): a small request with a large reply. */
    CompletableFuture<byte[]> bytes(int length);

    /** The length of its argument and the sum of its bytes, as "length:sum". */
    CompletableFuture<String> digest(byte[] data);
}
