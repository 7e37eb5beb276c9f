package dev.trent.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.Store;
import dev.trent.core.store.StoreContract;
import dev.trent.core.store.StoreException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    private final Map<Store, Path> files = new IdentityHashMap<>();
    private int n;

    @Override
    protected Store newStore() {
        Path f = dir.resolve("db" + (n++) + ".sqlite");
        Store s = new SqliteStore(f);
        files.put(s, f);
        return s;
    }

    @Override
    protected Store reopen(Store closed) {
        closed.close();
        return new SqliteStore(files.get(closed));
    }

    @Test
    void migratesToTheLatestSchemaVersion() throws Exception {
        Path f = dir.resolve("schema.sqlite");
        new SqliteStore(f).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(SqliteStore.latestSchemaVersion());
        }
        new SqliteStore(f).close(); // idempotent
    }

    @Test
    void refusesADatabaseFromANewerTrent() throws Exception {
        Path f = dir.resolve("newer.sqlite");
        new SqliteStore(f).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
            c.createStatement().execute("PRAGMA user_version = 999");
        }
        assertThatThrownBy(() -> new SqliteStore(f))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Trent");
    }
}
