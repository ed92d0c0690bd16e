package io.grain.storage.jdbc;

import io.grain.storage.StateKey;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link SqliteKillTest}: writes grain states into a SQLite file with many
 * writes in flight and prints {@code ack <n>} for every write whose future completed, until it is
 * killed. Test code, so it prints to standard output: that is the channel the test reads.
 */
public final class AcknowledgingWriter {
    /** Writes in flight at once, so that group commit has something to group. */
    static final int IN_FLIGHT = 64;

    private AcknowledgingWriter() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final Path file = Path.of(args[0]);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        final Semaphore slots = new Semaphore(IN_FLIGHT);
        final JdbcStorage storage = JdbcStorage.sqlite(file);
        out.println("started");
        for (long n = 0; ; n++) {
            slots.acquire();
            final long written = n;
            storage.writeState(key(written), payload(written), null).whenComplete((etag, failure) -> {
                if (failure == null) {
                    synchronized (out) {
                        out.println("ack " + written);
                    }
                } else {
                    synchronized (out) {
                        out.println("failed " + written + " " + failure);
                    }
                }
                slots.release();
            });
        }
    }

    static StateKey key(final long n) {
        return new StateKey("durable", "l:" + n, "state");
    }

    static byte[] payload(final long n) {
        return ("payload of " + n).getBytes(StandardCharsets.UTF_8);
    }
}
