package io.grain.sample;

import io.grain.runtime.wire.ProtoReader;
import io.grain.sample.arena.PlayerProfile;
import io.grain.sample.arena.PlayerStateStoredType;
import io.grain.storage.StateKey;
import io.grain.storage.StoredState;
import io.grain.storage.jdbc.JdbcStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a local arena cluster keeps its data: one SQLite file that every member process opens
 * (members of one host share it through SQLite's WAL), or one PostgreSQL database. Knows the
 * members' options for it and how to start from empty ({@code --fresh}).
 */
final class ArenaData {
    /** Default SQLite file, relative to the working directory. */
    static final Path DEFAULT_FILE = Path.of("target", "arena-data", "arena.db");
    /** Grain kinds of the game whose states {@link #wipe()} removes from {@code grain_state}. */
    private static final List<String> KINDS = List.of("player", "leaderboard", "matchmaker", "match");
    /** Record tables of the game ({@code @Stored} records with a key), dropped by {@link #wipe()}. */
    private static final List<String> TABLES = List.of("items", "standings", "season_standings");

    private final Path file;
    private final String postgresUrl;
    private final String postgresUser;

    private ArenaData(final Path file, final String postgresUrl, final String postgresUser) {
        this.file = file;
        this.postgresUrl = postgresUrl;
        this.postgresUser = postgresUser;
    }

    static ArenaData sqlite(final Path file) {
        return new ArenaData(file.toAbsolutePath(), null, null);
    }

    static ArenaData postgres(final String url, final String user) {
        return new ArenaData(null, url, user);
    }

    /** The {@link ArenaMember} options that point a member here. */
    List<String> memberOptions() {
        final List<String> options = new ArrayList<>();
        if (file != null) {
            options.add("--storage=" + file);
        } else {
            options.add("--postgres=" + postgresUrl);
            if (postgresUser != null) {
                options.add("--postgres-user=" + postgresUser);
            }
        }
        return options;
    }

    /** Removes the game's data: the SQLite file (with its WAL), or the game's rows and tables in PostgreSQL. */
    void wipe() {
        if (file != null) {
            for (final String suffix : List.of("", "-wal", "-shm", "-journal")) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (final IOException e) {
                    throw new UncheckedIOException("could not delete " + file + suffix, e);
                }
            }
            return;
        }
        final Properties properties = new Properties();
        if (postgresUser != null) {
            properties.setProperty("user", postgresUser);
        }
        final String password = System.getenv(ArenaMember.POSTGRES_PASSWORD_VARIABLE);
        if (password != null) {
            properties.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(postgresUrl, properties);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (final String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS \"" + table + "\"");
            }
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('grain_state') IS NOT NULL")) {
                exists.next();
                if (exists.getBoolean(1)) {
                    statement.execute("DELETE FROM grain_state WHERE kind IN ('" + String.join("', '", KINDS) + "')");
                }
            }
            connection.commit();
        } catch (final SQLException e) {
            throw new IllegalStateException("could not empty the game's data in " + postgresUrl + ": " + e.getMessage(), e);
        }
    }

    /** A storage on this data, for tools; the caller closes it. */
    JdbcStorage open() {
        return file != null ? JdbcStorage.sqlite(file)
            : JdbcStorage.postgres(postgresUrl, postgresUser, System.getenv(ArenaMember.POSTGRES_PASSWORD_VARIABLE));
    }

    /** The stored profiles of {@code players} (those stored), read from the storage itself, not through grains. */
    Map<String, PlayerProfile> storedProfiles(final Collection<String> players) {
        final Map<String, CompletableFuture<StoredState>> reads = new TreeMap<>();
        final Map<String, PlayerProfile> profiles = new TreeMap<>();
        try (JdbcStorage storage = open()) {
            for (final String player : players) {
                reads.put(player, storage.readState(new StateKey("player", "s:" + player, "player_state")));
            }
            for (final Map.Entry<String, CompletableFuture<StoredState>> read : reads.entrySet()) {
                final StoredState stored = read.getValue().get(60, TimeUnit.SECONDS);
                if (stored != null && stored.payload() != null) {
                    profiles.put(read.getKey(), PlayerStateStoredType.INSTANCE.read(new ProtoReader(stored.payload())).profile());
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the stored players", e);
        } catch (final Exception e) {
            throw new IllegalStateException("could not read the stored players from " + this + ": " + e.getMessage(), e);
        }
        return profiles;
    }

    /** The file, or the URL without a password parameter (this is printed). */
    @Override
    public String toString() {
        return file != null ? file.toString() : postgresUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
