package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.server.ServerConfig;
import dev.trent.store.postgres.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A node whose PostgreSQL database goes away: requests that need the store fail as AWS names it
 * ({@code DependencyTimeoutException}, 503, no detail), Encrypt and Decrypt of keys in memory keep serving,
 * {@code /health} says the store is unreachable, and once the database is back the node recovers by itself. The
 * outage is of the test's own database only (it refuses connections), so other users of the PostgreSQL server are
 * left alone. Skipped, saying why, without PostgreSQL.
 */
class StoreOutageTest {
    @TempDir
    Path dir;

    @Test
    void theHotPathServesWhileTheDatabaseIsAwayAndTheNodeRecoversByItself() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).toBuilder()
                    .store(db.location("maxPoolSize=2&connectTimeout=2"))
                    .build();
            try (RunningTrent trent = new RunningTrent(dir, config);
                    KmsClient kms = trent.kms()) {
                String keyId = kms.createKey(b -> b.description("in memory"))
                        .keyMetadata()
                        .keyId();
                assertThat(health(trent)).isEqualTo(200);
                try {
                    db.refuseConnections();
                    for (int i = 0; i < 20; i++) {
                        SdkBytes plain = SdkBytes.fromUtf8String("hot path " + i);
                        SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(plain))
                                .ciphertextBlob();
                        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext())
                                .isEqualTo(plain);
                    }
                    assertThatThrownBy(() -> kms.createKey(b -> b.description("needs the store")))
                            .isInstanceOfSatisfying(KmsException.class, e -> {
                                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyTimeoutException");
                                assertThat(e.statusCode()).isEqualTo(503);
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .isEqualTo("The system timed out while trying to fulfill the request. You"
                                                + " can retry the request.");
                            });
                    awaitHealth(trent, 503);
                } finally {
                    db.allowConnections();
                }
                awaitHealth(trent, 200);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        kms.createKey(b -> b.description("after the outage"));
                        break;
                    } catch (KmsException stillDown) {
                        assertThat(System.nanoTime())
                                .as("recovered within 60 s")
                                .isLessThan(deadline);
                        Thread.sleep(200);
                    }
                }
            }
        }
    }

    private static int health(RunningTrent trent) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(trent.endpoint() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static void awaitHealth(RunningTrent trent, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (health(trent) != status) {
            assertThat(System.nanoTime())
                    .as("/health answers %d within 30 s", status)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
