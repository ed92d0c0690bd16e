package io.grain.runtime.grains;

import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireType;
import io.grain.storage.KeyKind;
import io.grain.storage.StoredType;

import java.util.ArrayList;
import java.util.List;

/**
 * Stored types of the test records written by hand, in the wire form the processor generates
 * (components are fields 1..n; zero and null are not written; unknown fields are skipped). Named
 * apart from the generated {@code <Record>StoredType} classes so both can live side by side.
 */
public final class TestStoredTypes {
    public static final StoredType<PlayerData> PLAYER_DATA = new Base<>(PlayerData.class, "player_data", null, null, null, null) {
        @Override
        public void write(final PlayerData r, final ProtoWriter w) {
            if (r.name() != null) {
                w.writeString(1, r.name());
            }
            if (r.rating() != 0) {
                w.writeSInt32(2, r.rating());
            }
            for (final String badge : r.badges()) {
                w.writeString(3, badge);
            }
        }

        @Override
        public PlayerData read(final ProtoReader r) {
            String name = null;
            int rating = 0;
            final List<String> badges = new ArrayList<>();
            for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
                switch (WireType.fieldNumber(tag)) {
                    case 1: r.expect(tag, WireType.LENGTH_DELIMITED, "PlayerData.name"); name = r.readString(); break;
                    case 2: r.expect(tag, WireType.VARINT, "PlayerData.rating"); rating = r.readSInt32(); break;
                    case 3: r.expect(tag, WireType.LENGTH_DELIMITED, "PlayerData.badges"); badges.add(r.readString()); break;
                    default: r.skipField(tag); break;
                }
            }
            return new PlayerData(name, rating, List.copyOf(badges));
        }
    };

    public static final StoredType<Item> ITEM = new Base<>(Item.class, "items", KeyKind.LONG, "owner", KeyKind.LONG, "itemId") {
        @Override
        public Object key(final Item r) {
            return r.owner();
        }

        @Override
        public Object subkey(final Item r) {
            return r.itemId();
        }

        @Override
        public void write(final Item r, final ProtoWriter w) {
            if (r.owner() != 0) {
                w.writeSInt64(1, r.owner());
            }
            if (r.itemId() != 0) {
                w.writeSInt64(2, r.itemId());
            }
            if (r.kind() != null) {
                w.writeString(3, r.kind());
            }
            if (r.count() != 0) {
                w.writeSInt32(4, r.count());
            }
        }

        @Override
        public Item read(final ProtoReader r) {
            long owner = 0;
            long itemId = 0;
            String kind = null;
            int count = 0;
            for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
                switch (WireType.fieldNumber(tag)) {
                    case 1: r.expect(tag, WireType.VARINT, "Item.owner"); owner = r.readSInt64(); break;
                    case 2: r.expect(tag, WireType.VARINT, "Item.itemId"); itemId = r.readSInt64(); break;
                    case 3: r.expect(tag, WireType.LENGTH_DELIMITED, "Item.kind"); kind = r.readString(); break;
                    case 4: r.expect(tag, WireType.VARINT, "Item.count"); count = r.readSInt32(); break;
                    default: r.skipField(tag); break;
                }
            }
            return new Item(owner, itemId, kind, count);
        }
    };

    public static final StoredType<Nick> NICK = new Base<>(Nick.class, "nicks", KeyKind.STRING, "handle", null, null) {
        @Override
        public Object key(final Nick r) {
            return r.handle();
        }

        @Override
        public void write(final Nick r, final ProtoWriter w) {
            if (r.handle() != null) {
                w.writeString(1, r.handle());
            }
            if (r.bio() != null) {
                w.writeString(2, r.bio());
            }
        }

        @Override
        public Nick read(final ProtoReader r) {
            String handle = null;
            String bio = null;
            for (int tag = r.readTag(); tag != 0; tag = r.readTag()) {
                switch (WireType.fieldNumber(tag)) {
                    case 1: r.expect(tag, WireType.LENGTH_DELIMITED, "Nick.handle"); handle = r.readString(); break;
                    case 2: r.expect(tag, WireType.LENGTH_DELIMITED, "Nick.bio"); bio = r.readString(); break;
                    default: r.skipField(tag); break;
                }
            }
            return new Nick(handle, bio);
        }
    };

    private TestStoredTypes() {
    }

    /** The encoding of {@code value}, as the runtime stores it. */
    public static <T> byte[] encode(final StoredType<T> type, final T value) {
        final ProtoWriter w = new ProtoWriter();
        type.write(value, w);
        return w.toByteArray();
    }

    /** The record in {@code payload}. */
    public static <T> T decode(final StoredType<T> type, final byte[] payload) {
        return type.read(new ProtoReader(payload));
    }

    private abstract static class Base<T> implements StoredType<T> {
        private final Class<T> type;
        private final String table;
        private final KeyKind keyKind;
        private final String keyName;
        private final KeyKind subkeyKind;
        private final String subkeyName;

        Base(final Class<T> type, final String table, final KeyKind keyKind, final String keyName, final KeyKind subkeyKind,
            final String subkeyName) {
            this.type = type;
            this.table = table;
            this.keyKind = keyKind;
            this.keyName = keyName;
            this.subkeyKind = subkeyKind;
            this.subkeyName = subkeyName;
        }

        @Override
        public Class<T> type() {
            return type;
        }

        @Override
        public String table() {
            return table;
        }

        @Override
        public KeyKind keyKind() {
            return keyKind;
        }

        @Override
        public KeyKind subkeyKind() {
            return subkeyKind;
        }

        @Override
        public String keyName() {
            return keyName;
        }

        @Override
        public String subkeyName() {
            return subkeyName;
        }

        @Override
        public Object key(final T record) {
            return null;
        }

        @Override
        public Object subkey(final T record) {
            return null;
        }
    }
}
