package io.grain.codegen;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Methods whose primitive arguments come in runs, between other fields and past field 15 (two-byte
 * tags): the generated code reserves each run's worst case once and writes it unchecked.
 */
@Grain("runs")
public interface Runs {
    record Mixed(int a, String text, long b, UUID id, List<Integer> ints, char ch, double c) {
    }

    CompletableFuture<Void> primitives(boolean z, byte b, short s, int i, long l, char c, float f, double d);

    CompletableFuture<Void> mixed(int a, String text, long b, Mixed record, double c, byte[] bytes, char ch);

    CompletableFuture<Void> wide(int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9, int p10,
        int p11, int p12, int p13, int p14, long p15, long p16, double p17, boolean p18);
}
