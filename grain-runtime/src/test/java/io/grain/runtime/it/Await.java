package io.grain.runtime.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for futures with a generous safety bound, so a broken runtime fails a test instead of hanging it. */
final class Await {
    static final long BOUND_SECONDS = 20;

    private Await() {
    }

    static <T> T result(final CompletableFuture<T> future) {
        try {
            return future.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new AssertionError("call failed: " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            return fail("no reply within the safety bound");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The failure of {@code future}, which must be of {@code type}. */
    static <E extends Throwable> E failure(final CompletableFuture<?> future, final Class<E> type) {
        final ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(BOUND_SECONDS, TimeUnit.SECONDS));
        if (!type.isInstance(e.getCause())) {
            throw new AssertionError("expected " + type.getName() + " but got " + e.getCause(), e.getCause());
        }
        return type.cast(e.getCause());
    }
}
