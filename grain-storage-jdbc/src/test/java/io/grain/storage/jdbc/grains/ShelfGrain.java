package io.grain.storage.jdbc.grains;

import io.grain.runtime.GrainContext;
import io.grain.storage.RecordStore;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

public final class ShelfGrain implements Shelf {
    private final String name;
    private final RecordStore<TextUuidRow> notes;
    private final RecordStore<TextOnly> lines;

    public ShelfGrain(final GrainContext context) {
        name = context.id().stringKey();
        notes = context.records(TextUuidRow.class);
        lines = context.records(TextOnly.class);
    }

    @Override
    public CompletableFuture<Void> add(final UUID token, final String value) {
        return notes.insert(new TextUuidRow(name, token, value));
    }

    @Override
    public CompletableFuture<Void> put(final UUID token, final String value) {
        return notes.upsert(new TextUuidRow(name, token, value));
    }

    @Override
    public CompletableFuture<String> value(final UUID token) {
        return notes.get(name, token).thenApply(row -> row.map(TextUuidRow::value).orElse("absent"));
    }

    @Override
    public CompletableFuture<List<String>> list() {
        return notes.query(name).thenApply(rows -> rows.stream().map(TextUuidRow::value).collect(Collectors.toList()));
    }

    @Override
    public CompletableFuture<Boolean> remove(final UUID token) {
        return notes.delete(name, token);
    }

    @Override
    public CompletableFuture<Integer> removeAll() {
        return notes.delete(name);
    }

    @Override
    public CompletableFuture<Void> putLine(final String value) {
        return lines.upsert(new TextOnly(name, value));
    }

    @Override
    public CompletableFuture<String> line() {
        return lines.get(name).thenApply(row -> row.map(TextOnly::value).orElse("absent"));
    }

    @Override
    public CompletableFuture<Integer> removeLine() {
        return lines.delete(name);
    }

    @Override
    public CompletableFuture<String> threadAfterGet() {
        return notes.get(name, new UUID(0, 0)).thenApply(row -> Thread.currentThread().getName());
    }
}
