package io.grain.codegen;

import io.grain.annotation.Stored;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code @Stored} records of every shape, for {@link StoredTypeTest}; nested, so their stored types are {@code StoredRecords_*}. */
final class StoredRecords {
    private StoredRecords() {
    }

    /** A state record (no key) with a component of every type the wire carries. */
    @Stored
    record Everything(
        boolean flag, byte int8, short int16, int int32, long int64, char character, float float32, double float64,
        Integer boxed, String text, byte[] bytes, UUID id, Color color, Leaf leaf, List<Leaf> leaves, Set<UUID> ids,
        Map<UUID, List<Integer>> byId, Map<String, Color> colors, Optional<UUID> maybeId, Optional<List<String>> maybeNames,
        Node node, List<List<String>> nested, com.google.protobuf.Timestamp timestamp, Echo friend) {
    }

    /** The state record: its table defaults to its name in snake case. */
    @Stored
    record PlayerData(String name, int rating, List<String> badges) {
    }

    /** The keyed record: long key and long subkey. */
    @Stored(table = "items", key = "owner", subkey = "itemId")
    record Item(long owner, long itemId, String kind, int count) {
    }

    /** An int key and no subkey: one row per key. */
    @Stored(table = "slots", key = "slot")
    record Slot(String content, int slot) {
    }

    /** A String key and a UUID subkey. */
    @Stored(table = "guild_members", key = "guild", subkey = "member")
    record GuildMember(String guild, UUID member, Optional<String> title) {
    }

    /** An older version of a stored record ... */
    @Stored(table = "profiles", key = "id")
    record ProfileV1(UUID id, String name, int rating) {
    }

    /** ... and a newer one that added components at the end. */
    @Stored(table = "profiles_v2", key = "id")
    record ProfileV2(UUID id, String name, int rating, List<String> badges, Optional<UUID> guild, Leaf favourite) {
    }
}
