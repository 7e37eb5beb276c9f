package dev.trent.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreProviderTest {
    @Test
    void redactionHidesThePasswordOnly() {
        assertThat(StoreProvider.redact("postgresql://trent:s3cr%2Ft@db.example:5432/trent"))
                .isEqualTo("postgresql://trent:***@db.example:5432/trent");
        assertThat(StoreProvider.redact("postgresql://trent:p@ss@db:5432/trent?sslmode=require"))
                .isEqualTo("postgresql://trent:***@db:5432/trent?sslmode=require");
        assertThat(StoreProvider.redact("postgresql://trent@db:5432/trent"))
                .isEqualTo("postgresql://trent@db:5432/trent");
        assertThat(StoreProvider.redact("postgresql://db:5432/trent")).isEqualTo("postgresql://db:5432/trent");
        assertThat(StoreProvider.redact("sqlite:/var/lib/trent.db")).isEqualTo("sqlite:/var/lib/trent.db");
        assertThat(StoreProvider.redact("sqlite")).isEqualTo("sqlite");
    }
}
