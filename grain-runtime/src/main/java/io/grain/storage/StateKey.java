package io.grain.storage;

import java.util.Objects;

/**
 * Which grain state a row holds: the grain's kind, its key as text with its type ({@code s:alice},
 * {@code l:42}, {@code u:<uuid>}, so a string key "42" and a long key 42 stay apart), and the
 * state's name.
 */
public record StateKey(String kind, String key, String name) {
    public StateKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + "/" + key + "/" + name;
    }
}
