package io.grain.codegen;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that grain references in {@link Wire} point at. */
@Grain
public interface Echo extends Keyed<String> {
    CompletableFuture<String> echo(String text);

}
