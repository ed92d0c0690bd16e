package io.grain.runtime.shard;

import io.grain.runtime.MemberHealth;
import io.grain.storage.Storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Works out a member's {@link MemberHealth}: live from its shard threads, ready from its run state,
 * its place in the membership view and a {@link Storage#check} of its storage. The storage check
 * runs on the storage's threads; the asking thread waits for it at most the given timeout. Never
 * runs on a shard thread.
 *
 * <p>Thread safety: thread safe.
 */
public final class MemberHealthCheck {
    private final MemberRuntime runtime;
    private final BooleanSupplier threadsRunning;

    /**
     * @param threadsRunning whether every shard's thread (or invoker) still runs.
     */
    public MemberHealthCheck(final MemberRuntime runtime, final BooleanSupplier threadsRunning) {
        this.runtime = runtime;
        this.threadsRunning = threadsRunning;
    }

    /** The member's health now, waiting at most {@code timeout} for its storage to answer. */
    public MemberHealth check(final Duration timeout) {
        final int memberId = runtime.memberId();
        final List<String> problems = new ArrayList<>(2);
        final boolean live = threadsRunning.getAsBoolean();
        if (!live) {
            problems.add(MemberHealth.NOT_LIVE);
        }
        switch (runtime.state()) {
            case MemberRuntime.RUNNING:
                break;
            case MemberRuntime.CLOSING:
                problems.add("it is closing");
                break;
            case MemberRuntime.CLOSED:
                problems.add("it is closed");
                break;
            default:
                problems.add("it crashed");
        }
        if (runtime.state() == MemberRuntime.RUNNING && !runtime.config().membership().view().contains(memberId)) {
            problems.add("it is not in the cluster's membership view (not joined yet, or declared dead)");
        }
        final Storage storage = runtime.config().storage();
        if (storage != null && problems.isEmpty()) {
            final String storageProblem = checkStorage(storage, timeout);
            if (storageProblem != null) {
                problems.add(storageProblem);
            }
        }
        return new MemberHealth(memberId, live, live && problems.isEmpty(), problems);
    }

    private static String checkStorage(final Storage storage, final Duration timeout) {
        try {
            storage.check(timeout).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (final TimeoutException e) {
            return "its storage did not answer within " + timeout.toMillis() + " ms";
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "its storage is unreachable: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the health check was interrupted while it waited for the storage";
        } catch (final RuntimeException e) {
            return "its storage check failed: " + e;
        }
    }
}
