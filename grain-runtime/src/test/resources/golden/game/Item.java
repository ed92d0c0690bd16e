package game;

import io.grain.annotation.Stored;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Stored(table = "items", key = "owner", subkey = "itemId")
public record Item(long owner, UUID itemId, String kind, int count, Rarity rarity, List<Enchantment> enchantments,
    Map<String, Integer> stats, Optional<UUID> craftedBy) {

    public enum Rarity { COMMON, RARE, EPIC }

    public record Enchantment(String name, int level) {
    }
}
