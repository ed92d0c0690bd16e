package io.grain.gateway.testing;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** Registered on the member but never exposed by the gateway. */
@Grain("admin")
public interface Admin {
    CompletableFuture<String> secret();
}
