package io.grain.codegen;

import io.grain.codegen.StoredRecords.Everything;
import io.grain.codegen.StoredRecords.GuildMember;
import io.grain.codegen.StoredRecords.Item;
import io.grain.codegen.StoredRecords.PlayerData;
import io.grain.codegen.StoredRecords.ProfileV1;
import io.grain.codegen.StoredRecords.ProfileV2;
import io.grain.codegen.StoredRecords.Slot;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Node;
import io.grain.runtime.GrainReference;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;
import io.grain.storage.KeyKind;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generated {@code StoredType}s: found by {@link StoredTypes} through the naming convention,
 * they name their table and keys, extract keys without reflection, round-trip every component
 * type, stay compatible across record versions, and turn bad bytes into {@link WireFormatException}.
 */
class StoredTypeTest {
    private static final long SEED = 0x5704_ED00L;
    private static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    private static final Leaf LEAF = new Leaf("leaf", -9, Color.BLUE);

    private static <T> byte[] encode(final StoredType<T> type, final T record) {
        final ProtoWriter writer = new ProtoWriter();
        type.write(record, writer);
        return writer.toByteArray();
    }

    /** A reader as the runtime gives a stored type: with the invoker that decoded grain references will call through. */
    private static ProtoReader reader(final byte[] bytes) {
        return new ProtoReader(bytes).invoker(new Loopback(false));
    }

    private static <T> T roundTrip(final Class<T> recordClass, final T record) {
        final StoredType<T> type = StoredTypes.of(recordClass);
        return type.read(reader(encode(type, record)));
    }

    private static Everything everything() {
        final Echo friend = new Loopback(false).register(EchoDispatcher.INSTANCE, new EchoStub()).client(EchoDispatcher.INSTANCE, "e1");
        final Map<UUID, List<Integer>> byId = new LinkedHashMap<>();
        byId.put(ID, List.of(1, -1, Integer.MAX_VALUE));
        byId.put(new UUID(0, 0), List.of());
        final Map<String, Color> colors = new LinkedHashMap<>();
        colors.put("sky", Color.BLUE);
        colors.put("", Color.RED);
        return new Everything(true, Byte.MIN_VALUE, Short.MAX_VALUE, -1, Long.MIN_VALUE, '\uFFFF', -0.0f, Double.NaN,
            0, "héllo ✓ 🎮", new byte[] {0, -1, 7}, ID, Color.GREEN, LEAF, List.of(LEAF, new Leaf(null, 0, null)),
            new LinkedHashSet<>(List.of(ID, new UUID(-1, -1))), byId, colors, Optional.of(new UUID(Long.MIN_VALUE, 1)),
            Optional.of(List.of("a", "b")), new Node("root", List.of(new Node("child", List.of()))), List.of(List.of("x"), List.of()),
            com.google.protobuf.Timestamp.newBuilder().setSeconds(-1).setNanos(7).build(), friend);
    }

    private static Everything empty() {
        return new Everything(false, (byte)0, (short)0, 0, 0L, '\0', 0.0f, 0.0d, null, null, null, null, null, null, List.of(),
            new LinkedHashSet<>(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), null, List.of(), null, null);
    }

    /** Compares component by component: arrays by content, grain references by identity of the grain. */
    private static void assertSameComponents(final Record expected, final Record actual) throws ReflectiveOperationException {
        for (final RecordComponent component : expected.getClass().getRecordComponents()) {
            final Object want = component.getAccessor().invoke(expected);
            final Object got = component.getAccessor().invoke(actual);
            if (want instanceof byte[]) {
                assertArrayEquals((byte[])want, (byte[])got, component.getName());
            } else if (want instanceof GrainReference) {
                assertEquals(((GrainReference)want).grainId(), ((GrainReference)got).grainId(), component.getName());
            } else {
                assertEquals(want, got, component.getName());
            }
        }
    }

    @Test
    void everyComponentTypeRoundTrips() throws ReflectiveOperationException {
        assertSameComponents(everything(), roundTrip(Everything.class, everything()));
        assertSameComponents(empty(), roundTrip(Everything.class, empty()));
        final Everything back = roundTrip(Everything.class, everything());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.float32()));
        assertEquals(0, back.boxed(), "a boxed zero is present, not null");
    }

    @Test
    void anAllDefaultStateRecordIsEmptyBytes() {
        assertEquals(0, encode(StoredTypes.of(Everything.class), empty()).length);
    }

    @Test
    void theIssuesRecordsNameTheirTablesAndKeys() {
        final StoredType<PlayerData> playerData = StoredTypes.of(PlayerData.class);
        assertSame(StoredRecords_PlayerDataStoredType.INSTANCE, playerData);
        assertSame(PlayerData.class, playerData.type());
        assertEquals("player_data", playerData.table());
        assertNull(playerData.keyKind());
        assertNull(playerData.subkeyKind());
        assertNull(playerData.keyName());
        assertNull(playerData.subkeyName());
        final PlayerData data = new PlayerData("ann", 1500, List.of("gold"));
        assertNull(playerData.key(data));
        assertNull(playerData.subkey(data));
        assertEquals(data, roundTrip(PlayerData.class, data));

        final StoredType<Item> items = StoredTypes.of(Item.class);
        assertEquals("items", items.table());
        assertEquals(KeyKind.LONG, items.keyKind());
        assertEquals(KeyKind.LONG, items.subkeyKind());
        assertEquals("owner", items.keyName());
        assertEquals("itemId", items.subkeyName());
        final Item sword = new Item(Long.MIN_VALUE, 42L, "sword", 1);
        assertEquals(Long.MIN_VALUE, items.key(sword));
        assertEquals(42L, items.subkey(sword));
        assertEquals(sword, roundTrip(Item.class, sword));
    }

    @Test
    void keysOfEveryKindAreExtractedBoxedAsTheirKindSays() {
        final Slot slot = new Slot("potion", -3);
        final StoredType<Slot> slots = StoredTypes.of(Slot.class);
        assertEquals(KeyKind.INT, slots.keyKind());
        assertNull(slots.subkeyKind());
        assertNull(slots.subkeyName());
        assertEquals(-3, slots.key(slot));
        assertNull(slots.subkey(slot));

        final GuildMember member = new GuildMember("knights", ID, Optional.of("captain"));
        final StoredType<GuildMember> members = StoredTypes.of(GuildMember.class);
        assertEquals(KeyKind.STRING, members.keyKind());
        assertEquals(KeyKind.UUID, members.subkeyKind());
        assertEquals("knights", members.key(member));
        assertEquals(ID, members.subkey(member));
        assertEquals(member, roundTrip(GuildMember.class, member));

        // a top-level record: p.Badge -> p.BadgeStoredType
        final StoredType<Badge> badges = StoredTypes.of(Badge.class);
        assertSame(BadgeStoredType.INSTANCE, badges);
        final Badge badge = new Badge(ID, new UUID(0, 1), "first blood");
        assertEquals(KeyKind.UUID, badges.keyKind());
        assertEquals(ID, badges.key(badge));
        assertEquals(new UUID(0, 1), badges.subkey(badge));

        final List<Object> keys = List.of(slots.key(slot), members.key(member), members.subkey(member), badges.key(badge));
        final List<KeyKind> kinds = List.of(slots.keyKind(), members.keyKind(), members.subkeyKind(), badges.keyKind());
        for (int i = 0; i < keys.size(); i++) {
            assertTrue(kinds.get(i).javaType().isInstance(keys.get(i)), keys.get(i) + " is a " + kinds.get(i).javaType());
        }
    }

    @Test
    void aNullKeyOrRecordIsRefusedNamingIt() {
        final StoredType<GuildMember> members = StoredTypes.of(GuildMember.class);
        final GuildMember noGuild = new GuildMember(null, ID, Optional.empty());
        final NullPointerException key = assertThrows(NullPointerException.class, () -> members.key(noGuild));
        assertTrue(key.getMessage().contains("StoredRecords.GuildMember.guild (the key) is null"), key.getMessage());
        final GuildMember noMember = new GuildMember("g", null, Optional.empty());
        final NullPointerException subkey = assertThrows(NullPointerException.class, () -> members.subkey(noMember));
        assertTrue(subkey.getMessage().contains("StoredRecords.GuildMember.member (the subkey) is null"), subkey.getMessage());
        assertThrows(NullPointerException.class, () -> members.write(null, new ProtoWriter()));
    }

    @Test
    void aNullCollectionComponentIsRefusedNamingIt() {
        final StoredType<PlayerData> playerData = StoredTypes.of(PlayerData.class);
        final NullPointerException failure = assertThrows(NullPointerException.class,
            () -> playerData.write(new PlayerData("ann", 1, null), new ProtoWriter()));
        assertTrue(failure.getMessage().startsWith("StoredRecords_PlayerData.badges is null"), failure.getMessage());
    }

    @Test
    void anOlderRecordReadsANewerRow() {
        final StoredType<ProfileV2> newer = StoredTypes.of(ProfileV2.class);
        final byte[] row = encode(newer, new ProfileV2(ID, "ann", 7, List.of("gold", "silver"), Optional.of(new UUID(5, 6)), LEAF));
        assertEquals(new ProfileV1(ID, "ann", 7), StoredTypes.of(ProfileV1.class).read(reader(row)));
    }

    @Test
    void aNewerRecordReadsAnOlderRowWithDefaults() {
        final byte[] row = encode(StoredTypes.of(ProfileV1.class), new ProfileV1(ID, "bob", -1));
        assertEquals(new ProfileV2(ID, "bob", -1, List.of(), Optional.empty(), null),
            StoredTypes.of(ProfileV2.class).read(reader(row)));
    }

    private static List<StoredType<?>> storedTypes() {
        return List.of(StoredTypes.of(Everything.class), StoredTypes.of(PlayerData.class), StoredTypes.of(Item.class),
            StoredTypes.of(Slot.class), StoredTypes.of(GuildMember.class), StoredTypes.of(ProfileV1.class),
            StoredTypes.of(ProfileV2.class), StoredTypes.of(Badge.class));
    }

    private static List<byte[]> validRows() {
        return List.of(
            encode(StoredTypes.of(Everything.class), everything()),
            encode(StoredTypes.of(Item.class), new Item(7, 8, "sword", 3)),
            encode(StoredTypes.of(GuildMember.class), new GuildMember("knights", ID, Optional.of("captain"))),
            encode(StoredTypes.of(ProfileV2.class), new ProfileV2(ID, "ann", 7, List.of("gold"), Optional.of(ID), LEAF)));
    }

    @Test
    void truncatedFlippedAndRandomBytesFailWithWireFormatException() {
        final Random random = new Random(SEED);
        final List<byte[]> inputs = new ArrayList<>();
        for (final byte[] valid : validRows()) {
            for (int length = 0; length < valid.length; length++) {
                inputs.add(Arrays.copyOf(valid, length));
            }
            for (int i = 0; i < 40; i++) {
                final byte[] flipped = valid.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte)(1 << random.nextInt(8));
                inputs.add(flipped);
            }
        }
        for (int i = 0; i < 300; i++) {
            final byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            inputs.add(noise);
        }
        int failures = 0;
        for (final byte[] input : inputs) {
            for (final StoredType<?> type : storedTypes()) {
                try {
                    type.read(reader(input));
                } catch (final WireFormatException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
                    failures++;
                } catch (final RuntimeException | Error other) {
                    fail(type.type().getSimpleName() + " decoding " + java.util.HexFormat.of().formatHex(input) + " threw " + other, other);
                }
            }
        }
        assertTrue(failures > inputs.size(), "most bad inputs are refused, not silently read: " + failures);
    }

    @Test
    void aUuidOfTheWrongLengthIsNamed() {
        final ProtoWriter writer = new ProtoWriter();
        writer.writeBytes(2, new byte[15]);
        final WireFormatException failure = assertThrows(WireFormatException.class,
            () -> StoredTypes.of(GuildMember.class).read(reader(writer.toByteArray())));
        assertTrue(failure.getMessage().contains("GuildMember.member: a UUID is 16 bytes, not 15"), failure.getMessage());
    }

    @Test
    void aHugeLengthPrefixAllocatesNothing() {
        // a length-delimited field of each: Everything.text, Item.kind, GuildMember.guild, ProfileV2.badges
        final Map<StoredType<?>, Integer> fields = Map.of(StoredTypes.of(Everything.class), 10, StoredTypes.of(Item.class), 3,
            StoredTypes.of(GuildMember.class), 1, StoredTypes.of(ProfileV2.class), 4);
        for (final Map.Entry<StoredType<?>, Integer> field : fields.entrySet()) {
            final ProtoWriter writer = new ProtoWriter();
            writer.writeTag(field.getValue(), WireType.LENGTH_DELIMITED);
            writer.appendUInt32(Integer.MAX_VALUE);
            writer.appendUInt32(7);
            final WireFormatException failure = assertThrows(WireFormatException.class, () -> field.getKey().read(reader(writer.toByteArray())));
            assertTrue(failure.getMessage().contains("runs past the end"), failure.getMessage());
        }
    }
}
