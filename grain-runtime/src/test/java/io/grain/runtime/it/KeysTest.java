package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Tag;
import io.grain.runtime.grains.TagDispatcher;
import io.grain.runtime.grains.TagGrain;
import io.grain.storage.InMemoryStorage;
import io.grain.testing.TestCluster;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Grain(key = ...)}: a declared key type is enforced; TestCluster's placement and settings for tests. */
class KeysTest {
    private static TestCluster cluster() {
        return TestCluster.builder().members(3)
            .register(Tag.class, TagGrain::new)
            .register(Counter.class, CounterGrain::new)
            .start();
    }

    @Test
    void aDeclaredKeyTypeAddressesItsGrains() {
        try (TestCluster cluster = cluster()) {
            assertEquals("alice", Await.result(cluster.grains().get(Tag.class, "alice").key()));
            assertEquals("bob", Await.result(cluster.grains(2).get(Tag.class, "bob").key()));
        }
    }

    @Test
    void aWrongKeyTypeFailsAtOnceNamingTheInterfaceAndBothKeyTypes() {
        try (TestCluster cluster = cluster()) {
            final IllegalArgumentException asLong = assertThrows(IllegalArgumentException.class,
                () -> cluster.grains().get(Tag.class, 7L));
            assertTrue(asLong.getMessage().contains(Tag.class.getName()), asLong.getMessage());
            assertTrue(asLong.getMessage().contains("KeyType.STRING"), asLong.getMessage());
            assertTrue(asLong.getMessage().contains("LONG key"), asLong.getMessage());
            final IllegalArgumentException asUuid = assertThrows(IllegalArgumentException.class,
                () -> cluster.grains(1).get(Tag.class, UUID.randomUUID()));
            assertTrue(asUuid.getMessage().contains("UUID key"), asUuid.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> cluster.everyMember().call(Tag.class, 7L, Tag::key));
            assertThrows(IllegalArgumentException.class,
                () -> cluster.everyMember().send(Tag.class, UUID.randomUUID(), Tag::key));
            assertThrows(IllegalArgumentException.class, () -> cluster.ownerOf(Tag.class, 7L));
            assertEquals(0, cluster.activationCount(), "no grain was activated by a wrong key");
        }
    }

    @Test
    void anUndeclaredKeyTypeStillTakesEveryKeyTypeAsDifferentGrains() {
        try (TestCluster cluster = cluster()) {
            assertEquals(1, Await.result(cluster.grains().get(Counter.class, "7").add(1)));
            assertEquals(1, Await.result(cluster.grains().get(Counter.class, 7L).add(1)));
            assertEquals(1, Await.result(cluster.grains().get(Counter.class, new UUID(0, 7)).add(1)));
            assertEquals(3, cluster.activationCount());
        }
    }

    @Test
    void aCallWithTheWrongKeyTypeThatBypassesTheFactoryGetsAnErrorReplyAndActivatesNothing() throws Exception {
        try (TestCluster cluster = cluster()) {
            final Tag real = cluster.grains().get(Tag.class, "x");
            final var field = real.getClass().getDeclaredField("invoker");
            field.setAccessible(true);
            final CallInvoker invoker = (CallInvoker)field.get(real);
            // As a reference of the wrong key type decoded from another process would: local and remote owners.
            for (long key = 0; key < 12; key++) {
                final Tag wrong = TagDispatcher.INSTANCE.newClient(GrainId.of(TagDispatcher.KIND, key), invoker);
                final CompletableFuture<String> f = wrong.key();
                final GrainException e = Await.failure(f, GrainException.class);
                assertEquals(IllegalArgumentException.class.getName(), e.errorType());
                assertTrue(e.errorMessage().contains("KeyType.STRING") && e.errorMessage().contains("LONG key"), e.errorMessage());
            }
            assertEquals(0, cluster.activationCount());
        }
    }

    @Test
    void ownerOfNamesTheMemberThatActivatesTheGrain() {
        try (TestCluster cluster = cluster()) {
            for (int i = 0; i < 12; i++) {
                final String key = "k" + i;
                final int owner = cluster.ownerOf(Tag.class, key);
                assertEquals(cluster.ownerOf(GrainId.of(TagDispatcher.KIND, key)), owner);
                final int before = cluster.activationCount(owner);
                Await.result(cluster.grains().get(Tag.class, key).key());
                assertEquals(before + 1, cluster.activationCount(owner), key);
            }
            final int owner = cluster.ownerOf(Counter.class, 42L);
            final int before = cluster.activationCount(owner);
            Await.result(cluster.grains().get(Counter.class, 42L).add(1));
            assertEquals(before + 1, cluster.activationCount(owner));
            cluster.kill(owner);
            final int next = cluster.ownerOf(Counter.class, 42L);
            assertTrue(next != owner && cluster.isAlive(next));
        }
    }

    @Test
    void theBuildersSafeSettingsReachEveryMember() {
        try (TestCluster cluster = TestCluster.builder().members(2)
                .register(Counter.class, CounterGrain::new)
                .collectionAge(Duration.ofMinutes(1))
                .callTimeout(Duration.ofSeconds(5))
                .longTurnThreshold(Duration.ofSeconds(1))
                .start()) {
            Await.result(cluster.grains().get(Counter.class, "idle").add(1));
            assertEquals(1, cluster.activationCount());
            cluster.advance(Duration.ofMinutes(3));
            assertEquals(0, cluster.activationCount(), "deactivated after the one-minute collection age");
        }
    }

    @Test
    void configureRefusesTheSettingsTheClusterOwns() {
        final IllegalStateException clock = assertThrows(IllegalStateException.class, () -> TestCluster.builder()
            .register(Counter.class, CounterGrain::new)
            .configure(c -> c.clock(new CachedEpochClock()))
            .start());
        assertTrue(clock.getMessage().contains("clock"), clock.getMessage());
        final IllegalStateException id = assertThrows(IllegalStateException.class, () -> TestCluster.builder()
            .configure(c -> c.memberId(9))
            .start());
        assertTrue(id.getMessage().contains("memberId"), id.getMessage());
        final IllegalStateException storage = assertThrows(IllegalStateException.class, () -> TestCluster.builder()
            .configure(c -> c.storage(new InMemoryStorage()))
            .start());
        assertTrue(storage.getMessage().contains("storage(..)"), storage.getMessage());
        // what configure may still set works as before
        try (TestCluster cluster = TestCluster.builder().register(Counter.class, CounterGrain::new)
                .configure(c -> c.collectionAge(Duration.ofMinutes(1)).reminderMinimumPeriod(Duration.ofSeconds(1)))
                .start()) {
            Await.result(cluster.grains().get(Counter.class, "c").add(1));
            cluster.advance(Duration.ofMinutes(3));
            assertEquals(0, cluster.activationCount());
        }
    }
}
