package io.grain.storage;

import java.util.Objects;

/** A grain state as stored: its payload and the version it was stored at. */
public record StoredState(byte[] payload, String etag) {
    public StoredState {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(etag, "etag");
    }
}
