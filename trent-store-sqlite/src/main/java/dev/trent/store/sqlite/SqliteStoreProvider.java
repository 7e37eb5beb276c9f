package dev.trent.store.sqlite;

import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import java.nio.file.Path;

/**
 * The embedded store: {@code sqlite} is {@code <data-dir>/trent.db}; {@code sqlite:PATH} is the file at PATH
 * (relative paths are taken from the data directory).
 */
public final class SqliteStoreProvider implements StoreProvider {
    public static final String DEFAULT_FILE = "trent.db";

    @Override
    public String scheme() {
        return "sqlite";
    }

    @Override
    public Store open(String location, Path dataDir) {
        return open(location, dataDir, true);
    }

    @Override
    public Store open(String location, Path dataDir, boolean upgrade) {
        String rest = location.length() > "sqlite".length() ? location.substring("sqlite:".length()) : "";
        Path file = rest.isEmpty() ? dataDir.resolve(DEFAULT_FILE) : dataDir.resolve(rest);
        return new SqliteStore(file, SqliteStore.DEFAULT_FEED_REVISIONS, upgrade);
    }
}
