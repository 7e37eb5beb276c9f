package dev.trent.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.StoreException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresLocationTest {
    @Test
    void parsesEveryPart() {
        PostgresLocation l = PostgresLocation.parse(
                "postgresql://trent:s%40cret@db.example:6543/kms?maxPoolSize=3&sslmode=require", null);
        assertThat(l.host()).isEqualTo("db.example");
        assertThat(l.port()).isEqualTo(6543);
        assertThat(l.database()).isEqualTo("kms");
        assertThat(l.user()).isEqualTo("trent");
        assertThat(l.password()).isEqualTo("s@cret");
        assertThat(l.maxPoolSize()).isEqualTo(3);
        assertThat(l.driverProperties()).isEqualTo(Map.of("sslmode", "require"));
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/kms");
        assertThat(l).hasToString("postgresql://trent@db.example:6543/kms");
    }

    @Test
    void aRawAtSignInThePasswordIsKept() {
        assertThat(PostgresLocation.parse("postgresql://trent:p@ss/w@db/kms", null)
                        .password())
                .isEqualTo("p@ss/w");
    }

    @Test
    void thePasswordMayComeFromTheEnvironmentAndTheLocationWins() {
        assertThat(PostgresLocation.parse("postgresql://trent@db/kms", "fromenv")
                        .password())
                .isEqualTo("fromenv");
        assertThat(PostgresLocation.parse("postgresql://trent:inurl@db/kms", "fromenv")
                        .password())
                .isEqualTo("inurl");
        assertThat(PostgresLocation.parse("postgresql://trent@db/kms", null).port())
                .isEqualTo(5432);
    }

    @Test
    void aMalformedLocationIsOneErrorWithoutThePassword() {
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://trent:hunter2@db", null))
                .isInstanceOf(StoreException.class)
                .hasMessage("the store location postgresql://trent:***@db is not of the form"
                        + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?NAME=VALUE&...]");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://db/kms?maxPoolSize=lots", null))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://db/kms?maxPoolSize=lots", null)
                        .maxPoolSize())
                .hasMessage("the store location parameter maxPoolSize must be a number from 1 to 100, not 'lots'");
    }
}
