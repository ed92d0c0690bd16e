package io.grain.runtime.storage;

import io.grain.runtime.wire.ProtoReader;
import io.grain.storage.RecordStore;
import io.grain.storage.Storage;
import io.grain.storage.StoredType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link RecordStore} of one {@code @Stored} table over a {@link Storage}: checks the keys
 * (a wrong type, or a missing or surplus subkey, throws {@link IllegalArgumentException} at once),
 * encodes on the calling thread, decodes where the storage completes (a row that does not decode
 * fails that operation with a {@code StorageException} naming table and key), and hands the
 * result to its {@link RecordSite}.
 *
 * <p>Thread ownership: as its site allows; stateless otherwise.
 */
public final class StoredRecords<T> implements RecordStore<T> {
    private final Storage storage;
    private final StoredType<T> type;
    private final RecordSite site;

    public StoredRecords(final Storage storage, final StoredType<T> type, final RecordSite site) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.type = Objects.requireNonNull(type, "type");
        this.site = Objects.requireNonNull(site, "site");
        if (type.keyKind() == null) {
            throw new IllegalArgumentException(type.type().getName() + " is a grain state record (it has no key); use "
                + "GrainContext.state(" + type.type().getSimpleName() + ".class), or give it a key with @Stored(key = ...)");
        }
    }

    @Override
    public CompletableFuture<Void> upsert(final T record) {
        final byte[] payload = encode(record, "upsert");
        return site.deliver(storage.upsert(type, recordKey(record), recordSubkey(record), payload));
    }

    @Override
    public CompletableFuture<Void> insert(final T record) {
        final byte[] payload = encode(record, "insert");
        return site.deliver(storage.insert(type, recordKey(record), recordSubkey(record), payload));
    }

    @Override
    public CompletableFuture<Optional<T>> get(final Object key) {
        StoredCodec.requireNoSubkey(type, "get");
        return get(StoredCodec.checkKey(type, key), null);
    }

    @Override
    public CompletableFuture<Optional<T>> get(final Object key, final Object subkey) {
        final Object k = StoredCodec.checkKey(type, key);
        final Object s = subkey == null && type.subkeyKind() == null ? null : StoredCodec.checkSubkey(type, subkey);
        site.begin("get");
        return site.deliver(storage.get(type, k, s).thenApply(row -> row == null
            ? Optional.empty()
            : Optional.of(decode(row, k, s))));
    }

    @Override
    public CompletableFuture<List<T>> query(final Object key) {
        final Object k = StoredCodec.checkKey(type, key);
        site.begin("query");
        return site.deliver(storage.query(type, k).thenApply(rows -> {
            final List<T> result = new ArrayList<>(rows.size());
            for (final byte[] row : rows) {
                result.add(decode(row, k, null));
            }
            return result;
        }));
    }

    @Override
    public CompletableFuture<Integer> delete(final Object key) {
        final Object k = StoredCodec.checkKey(type, key);
        site.begin("delete");
        return site.deliver(storage.delete(type, k, null));
    }

    @Override
    public CompletableFuture<Boolean> delete(final Object key, final Object subkey) {
        final Object k = StoredCodec.checkKey(type, key);
        final Object s = StoredCodec.checkSubkey(type, subkey);
        site.begin("delete");
        return site.deliver(storage.delete(type, k, s).thenApply(count -> count > 0));
    }

    private byte[] encode(final T record, final String operation) {
        Objects.requireNonNull(record, "record");
        return StoredCodec.encode(type, record, site.begin(operation));
    }

    private Object recordKey(final T record) {
        return StoredCodec.checkKey(type, type.key(record));
    }

    private Object recordSubkey(final T record) {
        return type.subkeyKind() == null ? null : StoredCodec.checkSubkey(type, type.subkey(record));
    }

    private T decode(final byte[] row, final Object key, final Object subkey) {
        return StoredCodec.decode(type, row, new ProtoReader(), site.invoker(),
            "row of table '" + type.table() + "' with " + type.keyName() + " " + key
                + (subkey == null ? "" : " and " + type.subkeyName() + " " + subkey));
    }

    @Override
    public String toString() {
        return "RecordStore{" + type.table() + "}";
    }
}
