package io.grain.runtime.it;

import io.grain.runtime.grains.PlayerDataStoredType;
import io.grain.runtime.grains.ItemStoredType;
import io.grain.runtime.GrainException;
import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Inventory;
import io.grain.runtime.grains.InventoryGrain;
import io.grain.runtime.grains.Item;
import io.grain.runtime.grains.Keeper;
import io.grain.runtime.grains.KeeperGrain;
import io.grain.runtime.grains.PlayerData;
import io.grain.runtime.grains.Trace;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.StateKey;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a member gets its storage, and what a grain that declares state wrongly is told. */
class StorageSetupTest {
    @Test
    void aGrainMemberUsesTheStorageItIsGivenAndDoesNotCloseIt() {
        try (InMemoryStorage storage = new InMemoryStorage()) {
            try (GrainMember member = GrainMember.builder().shards(2).storage(storage)
                    .register(Keeper.class, KeeperGrain::new).register(Inventory.class, InventoryGrain::new).start()) {
                final String thread = Await.result(member.grains().get(Keeper.class, "m").writeOnThread(40));
                assertTrue(thread.startsWith("grain-shard-"), "the continuation ran on a shard thread: " + thread);
                Await.result(member.grains().get(Inventory.class, 2L).add(5, "gem", 2));
                assertEquals(Optional.of(new Item(2, 5, "gem", 2)), Await.result(member.records(ItemStoredType.INSTANCE).get(2L, 5L)));
            }
            assertNotNull(Await.result(storage.readState(new StateKey("keeper", "s:m", "player_data"))),
                "the storage is still open after the member closed");
            try (GrainMember again = GrainMember.builder().shards(1).storage(storage).register(Keeper.class, KeeperGrain::new).start()) {
                assertEquals(40, Await.result(again.grains().get(Keeper.class, "m").data()).rating());
            }
        }
    }

    @Test
    void withoutStorageDeclaringStateOrAskingForRecordsSaysHowToConfigureOne() {
        try (GrainMember member = GrainMember.builder().shards(1).register(Keeper.class, KeeperGrain::new).start()) {
            final GrainException e = Await.failure(member.grains().get(Keeper.class, "x").data(), GrainException.class);
            assertEquals(IllegalStateException.class.getName(), e.errorType());
            assertTrue(e.errorMessage().contains("GrainMember.builder().storage("), e.errorMessage());
            final IllegalStateException records = assertThrows(IllegalStateException.class, () -> member.records(ItemStoredType.INSTANCE));
            assertTrue(records.getMessage().contains("storage("), records.getMessage());
        }
    }

    /** The error a call gets when the factory declares state through {@code misuse} first. */
    private static GrainException activationFailure(final Consumer<io.grain.runtime.GrainContext> misuse) {
        try (TestCluster cluster = TestCluster.builder().register(Keeper.class, context -> {
            misuse.accept(context);
            return new KeeperGrain(context);
        }).start()) {
            final GrainException e = Await.failure(cluster.grains().get(Keeper.class, "k").data(), GrainException.class);
            cluster.settle();
            assertEquals(0, cluster.activationCount());
            return e;
        }
    }

    @Test
    void theSameStateNameTwiceIsRefused() {
        final GrainException e = activationFailure(c -> c.state("backup", PlayerDataStoredType.INSTANCE));
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("'backup'") && e.errorMessage().contains("declared twice"), e.errorMessage());
    }

    @Test
    void aKeyedRecordIsNotAState() {
        final GrainException e = activationFailure(c -> c.state(ItemStoredType.INSTANCE));
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("records(Item.class)"), e.errorMessage());
    }

    @Test
    void aClassThatIsNotAStoredRecordIsRefused() {
        final GrainException e = activationFailure(c -> c.state(String.class));
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("@Stored"), e.errorMessage());
    }

    @Test
    void aStateRecordHasNoTable() {
        final GrainException e = activationFailure(c -> c.records(PlayerDataStoredType.INSTANCE));
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("state(PlayerData.class)"), e.errorMessage());
    }

    @Test
    void stateIsNotReadableInTheConstructor() {
        final GrainException e = activationFailure(c -> c.state("early", PlayerDataStoredType.INSTANCE).get());
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("onActivate"), e.errorMessage());
    }

    @Test
    void theClusterStorageOutlivesKillsAndTheClusterOwnsItsDefault() {
        Trace.reset();
        final InMemoryStorage storage;
        try (TestCluster cluster = TestCluster.builder().members(2).register(Keeper.class, KeeperGrain::new).start()) {
            storage = (InMemoryStorage)cluster.storage();
            Await.result(cluster.grains().get(Keeper.class, "a").addRating(1));
            cluster.kill(0);
            assertEquals(1002, Await.result(cluster.grains().get(Keeper.class, "a").addRating(1)));
            cluster.advance(Duration.ofMinutes(20));
            assertEquals(new PlayerData("a", 1002, List.of()), Await.result(cluster.grains().get(Keeper.class, "a").data()));
        }
        Await.failure(storage.readState(new StateKey("keeper", "s:a", "player_data")), io.grain.storage.StorageException.class);
    }
}
