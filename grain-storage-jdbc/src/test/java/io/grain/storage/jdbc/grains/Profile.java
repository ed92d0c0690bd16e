package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

import java.util.List;

/** The state of a {@link Holder}: a record without a key, stored per grain as the state "profile". */
@Stored
public record Profile(String name, int level, List<String> tags) {
}
