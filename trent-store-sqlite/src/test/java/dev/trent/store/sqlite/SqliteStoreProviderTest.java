package dev.trent.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultLocationIsTrentDbInTheDataDirectory() {
        try (Store s = StoreProvider.openStore("sqlite", dir)) {
            assertThat(s.revision()).isZero();
        }
        assertThat(Files.exists(dir.resolve("trent.db"))).isTrue();
    }

    @Test
    void aPathMayBeGiven() {
        try (Store s = StoreProvider.openStore("sqlite:other/keys.db", dir)) {
            assertThat(s.revision()).isZero();
        }
        assertThat(Files.exists(dir.resolve("other/keys.db"))).isTrue();
    }

    @Test
    void openingWithoutUpgradeNeedsAnExistingDatabase() {
        assertThatThrownBy(() -> StoreProvider.openStore("sqlite", dir, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("there is no Trent database at");
        assertThat(Files.exists(dir.resolve("trent.db"))).isFalse();
        StoreProvider.openStore("sqlite", dir).close();
        try (Store s = StoreProvider.openStore("sqlite", dir, false)) {
            assertThat(s.revision()).isZero();
        }
    }

    @Test
    void anUnknownKindIsOneClearError() {
        assertThatThrownBy(() -> StoreProvider.openStore("mongodb://x", dir))
                .isInstanceOf(StoreException.class)
                .hasMessage("no store of kind 'mongodb' is available (available: sqlite); check the store setting");
    }
}
