package io.grain.benchmarks.load;

import java.util.Locale;

/**
 * The one line format by which a scenario's child JVM hands a figure to the harness:
 * {@code RESULT <name> <value>} on standard output. Everything else a child prints is its log.
 * Standard output is the channel to the parent, not logging, so it is written directly here and
 * nowhere else.
 */
public final class ResultLine {
    public static final String PREFIX = "RESULT ";
    /** Printed by a child that serves (a host member, an echo peer) once it listens: {@code READY <endpoint>}. */
    public static final String READY = "READY ";

    private ResultLine() {
    }

    public static void print(final String name, final double value) {
        System.out.println(PREFIX + name + " " + String.format(Locale.ROOT, "%.3f", value));
        System.out.flush();
    }

    public static void ready(final String endpoint) {
        System.out.println(READY + endpoint);
        System.out.flush();
    }

    /** Blocks until standard input closes: the parent closed it, or died (which closes it too). */
    public static void awaitStdinClosed() throws java.io.IOException {
        final byte[] sink = new byte[256];
        while (System.in.read(sink) >= 0) {
            // nothing to read; the parent only ever closes it
        }
    }
}
