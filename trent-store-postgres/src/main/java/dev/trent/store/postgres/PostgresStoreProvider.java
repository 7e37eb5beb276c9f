package dev.trent.store.postgres;

import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import java.nio.file.Path;

/**
 * The cluster store: {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?...]} (see {@link
 * PostgresLocation}); the password may come from {@code TRENT_STORE_PASSWORD} instead.
 */
public final class PostgresStoreProvider implements StoreProvider {
    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public Store open(String location, Path dataDir) {
        return open(location, dataDir, true);
    }

    @Override
    public Store open(String location, Path dataDir, boolean upgrade) {
        return open(location, upgrade, System.getenv(PostgresLocation.PASSWORD_ENV));
    }

    /** Opens {@code location}, with {@code environmentPassword} standing for {@code TRENT_STORE_PASSWORD}. */
    public static PostgresStore open(String location, boolean upgrade, String environmentPassword) {
        return new PostgresStore(
                PostgresLocation.parse(location, environmentPassword), PostgresStore.DEFAULT_FEED_REVISIONS, upgrade);
    }
}
