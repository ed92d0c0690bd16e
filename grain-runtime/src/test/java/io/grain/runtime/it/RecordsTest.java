package io.grain.runtime.it;

import io.grain.runtime.grains.NickStoredType;
import io.grain.runtime.grains.ItemStoredType;
import io.grain.runtime.GrainException;
import io.grain.runtime.grains.Inventory;
import io.grain.runtime.grains.InventoryGrain;
import io.grain.runtime.grains.Item;
import io.grain.runtime.grains.Nick;
import io.grain.storage.DuplicateRecordException;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.RecordStore;
import io.grain.storage.StorageException;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Koala-style records, from grain code and from the test, over the cluster's InMemoryStorage. */
class RecordsTest {
    private TestCluster cluster;
    private InMemoryStorage storage;
    private RecordStore<Item> items;
    private RecordStore<Nick> nicks;

    @BeforeEach
    void start() {
        cluster = TestCluster.builder().members(2).register(Inventory.class, InventoryGrain::new).start();
        storage = (InMemoryStorage)cluster.storage();
        items = cluster.records(ItemStoredType.INSTANCE);
        nicks = cluster.records(NickStoredType.INSTANCE);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Inventory inventory(final long owner) {
        return cluster.grains().get(Inventory.class, owner);
    }

    @Test
    void aGrainInsertsUpsertsGetsQueriesAndDeletesItsRows() {
        final Inventory inv = inventory(7);
        Await.result(inv.add(30, "sword", 1));
        Await.result(inv.add(-5, "curse", 1));
        Await.result(inv.add(10, "potion", 3));
        Await.result(inv.put(10, "potion", 4));
        assertEquals(List.of("-5:curse:1", "10:potion:4", "30:sword:1"), Await.result(inv.list()), "rows in subkey order");
        assertEquals(4, Await.result(inv.count(10)));
        assertEquals(-1, Await.result(inv.count(11)));
        assertEquals(List.of(), Await.result(inventory(8).list()), "another owner's rows are apart");

        assertEquals(Optional.of(new Item(7, 30, "sword", 1)), Await.result(items.get(7L, 30L)), "the test reads what the grain wrote");
        assertTrue(Await.result(inv.remove(30)));
        assertFalse(Await.result(inv.remove(30)));
        assertEquals(2, Await.result(inv.removeAll()));
        assertEquals(List.of(), Await.result(items.query(7L)));
    }

    @Test
    void insertOfAnExistingRowFailsWithDuplicateRecordException() {
        final Inventory inv = inventory(1);
        Await.result(inv.add(1, "shield", 1));
        final GrainException e = Await.failure(inv.add(1, "shield", 9), GrainException.class);
        assertEquals(DuplicateRecordException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("inventory"), e.errorMessage());
        assertEquals(1, Await.result(inv.count(1)), "the row stays as it was");

        final DuplicateRecordException direct = Await.failure(items.insert(new Item(1, 1, "x", 2)), DuplicateRecordException.class);
        assertTrue(direct.getMessage().contains("key 1 and subkey 1"), direct.getMessage());
    }

    @Test
    void continuationsOfRecordOperationsRunOnTheActivationsThread() {
        final InMemoryStorage.Gate records = storage.hold(InMemoryStorage.Operation.RECORD);
        final CompletableFuture<String> call = inventory(3).threadAfterGet();
        cluster.settle();
        assertEquals(1, records.waiting());
        assertFalse(call.isDone());
        records.open(); // completes on this test thread
        assertEquals("grain-test-cluster", Await.result(call));
    }

    @Test
    void keysOfTheWrongTypeFailNamingTheExpectedAndGivenTypes() {
        final IllegalArgumentException intForLong = assertThrows(IllegalArgumentException.class, () -> items.get(7, 1L));
        assertTrue(intForLong.getMessage().contains("java.lang.Long"), intForLong.getMessage());
        assertTrue(intForLong.getMessage().contains("java.lang.Integer"), intForLong.getMessage());
        assertTrue(intForLong.getMessage().contains("'owner'"), intForLong.getMessage());
        assertTrue(intForLong.getMessage().contains("7L"), intForLong.getMessage());

        final IllegalArgumentException subkey = assertThrows(IllegalArgumentException.class, () -> items.delete(7L, "one"));
        assertTrue(subkey.getMessage().contains("'itemId'") && subkey.getMessage().contains("java.lang.String"), subkey.getMessage());

        final IllegalArgumentException stringKey = assertThrows(IllegalArgumentException.class, () -> nicks.get(5L));
        assertTrue(stringKey.getMessage().contains("java.lang.String") && stringKey.getMessage().contains("java.lang.Long"),
            stringKey.getMessage());

        assertThrows(IllegalArgumentException.class, () -> items.query(null));

        final GrainException fromGrain = Await.failure(inventory(7).countWithIntKey(1), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), fromGrain.errorType());
        assertTrue(fromGrain.errorMessage().contains("'itemId'"), fromGrain.errorMessage());
    }

    @Test
    void getWithOneKeyOnATableWithASubkeyAndTheOtherWayRoundFailClearly() {
        final IllegalArgumentException oneKey = assertThrows(IllegalArgumentException.class, () -> items.get(7L));
        assertTrue(oneKey.getMessage().contains("(owner, itemId)") && oneKey.getMessage().contains("query(owner)"),
            oneKey.getMessage());
        final IllegalArgumentException twoKeys = assertThrows(IllegalArgumentException.class, () -> nicks.get("ann", "x"));
        assertTrue(twoKeys.getMessage().contains("'nicks'") && twoKeys.getMessage().contains("no subkey"), twoKeys.getMessage());
        assertThrows(IllegalArgumentException.class, () -> nicks.delete("ann", "x"));
    }

    @Test
    void aTableWithoutSubkeyHoldsOneRowPerKey() {
        Await.result(nicks.insert(new Nick("ann", "hi")));
        Await.result(nicks.upsert(new Nick("ann", "hello")));
        Await.failure(nicks.insert(new Nick("ann", "again")), DuplicateRecordException.class);
        assertEquals(Optional.of(new Nick("ann", "hello")), Await.result(nicks.get("ann")));
        assertEquals(List.of(new Nick("ann", "hello")), Await.result(nicks.query("ann")));
        assertEquals(Optional.empty(), Await.result(nicks.get("bob")));
        assertEquals(1, Await.result(nicks.delete("ann")));
        assertEquals(0, Await.result(nicks.delete("ann")));
    }

    @Test
    void aRecordWhoseKeyIsNullIsRefused() {
        final NullPointerException e = assertThrows(NullPointerException.class, () -> nicks.upsert(new Nick(null, "x")));
        assertTrue(e.getMessage().contains("handle") && e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void aRowThatDoesNotDecodeFailsOnlyItsOperation() {
        Await.result(items.upsert(new Item(9, 1, "good", 1)));
        Await.result(storage.upsert(ItemStoredType.INSTANCE, 9L, 2L, new byte[] {0, 0}));
        final StorageException e = Await.failure(items.get(9L, 2L), StorageException.class);
        assertTrue(e.getMessage().contains("'inventory'") && e.getMessage().contains("itemId 2"), e.getMessage());
        assertEquals(Optional.of(new Item(9, 1, "good", 1)), Await.result(items.get(9L, 1L)));
        final GrainException fromGrain = Await.failure(inventory(9).list(), GrainException.class);
        assertEquals(StorageException.class.getName(), fromGrain.errorType());
        assertEquals(1, Await.result(inventory(9).count(1)), "the grain itself stays usable");
    }

    @Test
    void aFailedRecordOperationFailsTheCallWithTheCause() {
        storage.failNext(InMemoryStorage.Operation.RECORD, 1, () -> new StorageException("table locked"));
        final GrainException e = Await.failure(inventory(4).add(1, "x", 1), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        assertEquals("table locked", e.errorMessage());
        Await.result(inventory(4).add(1, "x", 1));
        assertEquals(1, Await.result(inventory(4).count(1)));
    }
}
