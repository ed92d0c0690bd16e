package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;

import java.util.concurrent.CompletableFuture;

/** A grain that declares its key type: only String keys address it. */
@Grain(value = "tag", key = KeyType.STRING)
public interface Tag {
    /** Its own key, as the grain sees it. */
    CompletableFuture<String> key();
}
