package io.grain.runtime.it;

import io.grain.runtime.GrainMember;
import io.grain.runtime.MemberHealth;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GrainMember#health()}: live while its threads run; ready while joined, not closing, its storage answering. */
class HealthTest {
    /** {@code storage} with its {@link Storage#check} answered by {@code check}; everything else as it is. */
    private static Storage withCheck(final Storage storage, final Function<Duration, CompletableFuture<Void>> check) {
        return (Storage)Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
            if (method.getName().equals("check")) {
                return check.apply((Duration)args[0]);
            }
            try {
                return method.invoke(storage, args);
            } catch (final InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void aRunningMemberIsLiveAndReady() {
        try (InMemoryStorage storage = new InMemoryStorage();
             GrainMember member = GrainMember.builder().shards(2).storage(storage).register(Counter.class, CounterGrain::new).start()) {
            final MemberHealth health = member.health();
            assertTrue(health.live());
            assertTrue(health.ready(), health.toString());
            assertEquals(List.of(), health.problems());
            assertEquals(member.memberId(), health.memberId());
        }
    }

    @Test
    void aClosedMemberIsNeitherLiveNorReady() {
        final GrainMember member = GrainMember.builder().shards(1).register(Counter.class, CounterGrain::new).start();
        member.close();
        final MemberHealth health = member.health();
        assertFalse(health.live());
        assertFalse(health.ready());
        assertTrue(health.problems().contains("it is closed"), health.toString());
    }

    @Test
    void aClosingMemberIsLiveButNotReady() throws Exception {
        Trace.reset();
        final GrainMember member = GrainMember.builder().shards(1).closeTimeout(Duration.ofSeconds(30))
            .register(Turns.class, TurnsGrain::new).start();
        final CompletableFuture<String> held = member.grains().get(Turns.class, "t").hold("g");
        awaitEvent("start hold g");
        final Thread closer = new Thread(member::close, "closer");
        closer.start();
        try {
            MemberHealth health = member.health();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
            while (!health.problems().contains("it is closing") && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                health = member.health();
            }
            assertTrue(health.live(), "its threads still finish the held turn: " + health);
            assertFalse(health.ready(), health.toString());
            assertTrue(health.problems().contains("it is closing"), health.toString());
        } finally {
            Trace.open("g");
            closer.join(TimeUnit.SECONDS.toMillis(Await.BOUND_SECONDS));
        }
        assertEquals("t:g", Await.result(held), "the held turn finished during close");
        assertFalse(member.health().live());
    }

    private static void awaitEvent(final String event) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
        while (!Trace.events().contains(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + event + "' in " + Trace.events());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aMemberWhoseStorageFailsItsCheckIsLiveButNotReady() {
        try (InMemoryStorage real = new InMemoryStorage()) {
            final Storage broken = withCheck(real,
                timeout -> CompletableFuture.failedFuture(new StorageException("connection refused (test)")));
            try (GrainMember member = GrainMember.builder().shards(1).storage(broken).register(Counter.class, CounterGrain::new).start()) {
                final MemberHealth health = member.health();
                assertTrue(health.live());
                assertFalse(health.ready());
                assertEquals(List.of("its storage is unreachable: connection refused (test)"), health.problems());
            }
        }
    }

    @Test
    void aStorageThatDoesNotAnswerInTimeMakesTheMemberNotReady() {
        try (InMemoryStorage real = new InMemoryStorage()) {
            final Storage silent = withCheck(real, timeout -> new CompletableFuture<>());
            try (GrainMember member = GrainMember.builder().shards(1).storage(silent).register(Counter.class, CounterGrain::new).start()) {
                final MemberHealth health = member.health(Duration.ofMillis(50));
                assertFalse(health.ready());
                assertEquals(List.of("its storage did not answer within 50 ms"), health.problems());
            }
        }
    }

    @Test
    void aMemberOutOfTheMembershipViewIsNotReady() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember member = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start()) {
            assertTrue(member.health().ready());
            // the cluster declares it dead (here: its membership says it left) while its threads run on
            network.membership().leave(member.memberId());
            final MemberHealth health = member.health();
            assertTrue(health.live());
            assertFalse(health.ready());
            assertEquals(List.of("it is not in the cluster's membership view (not joined yet, or declared dead)"), health.problems());
        }
    }

    @Test
    void aMemberDrivenByInvokersIsLiveUntilClosed() {
        final GrainMember member = GrainMember.builder().shards(2).threading(GrainMember.Threading.INVOKERS)
            .register(Counter.class, CounterGrain::new).start();
        assertTrue(member.health().ready());
        member.close();
        assertFalse(member.health().live());
    }

    @Test
    void aHealthTimeoutMustBePositive() {
        try (GrainMember member = GrainMember.builder().shards(1).register(Counter.class, CounterGrain::new).start()) {
            assertThrows(IllegalArgumentException.class, () -> member.health(Duration.ZERO));
        }
    }
}
