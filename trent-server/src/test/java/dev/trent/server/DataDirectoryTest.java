package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a data directory for the server and for the admin commands; the credentials the server writes at start. */
class DataDirectoryTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    private IdentityStore identities(Store store) {
        return new IdentityStore(store, Clock.systemUTC(), random);
    }

    private static JsonNode credentials(Path dataDir) throws Exception {
        return new ObjectMapper().readTree(Files.readAllBytes(AdminCredentials.file(dataDir)));
    }

    @Test
    void theAdminSideOpensWhatTheServerCreatedBesideIt() {
        try (Store server = openForServer(dir, "sqlite", random)) {
            assertThat(dir.resolve("root.key")).exists();
            IdentityStore serverView = identities(server);
            AccessKey first = serverView.bootstrap().orElseThrow();
            try (DataDirectory admin = DataDirectory.open(dir, "sqlite", random)) {
                assertThat(admin.path()).isEqualTo(dir.toAbsolutePath().normalize());
                IdentityStore adminView = identities(admin.store());
                assertThat(adminView.accessKey(first.accessKeyId())).contains(first);
                AccessKey second = adminView.createAccessKey(first.principalArn());
                serverView.refresh();
                assertThat(serverView.accessKey(second.accessKeyId())).contains(second);
            }
        }
    }

    @Test
    void theAdminSideRefusesARestoredDatabaseAndSaysHowToAcceptIt() throws Exception {
        try (Store server = openForServer(dir, "sqlite", random)) {
            identities(server).bootstrap().orElseThrow();
        }
        Path backup = dir.resolveSibling(dir.getFileName() + "-backup.db");
        Files.copy(dir.resolve("trent.db"), backup);
        try (DataDirectory admin = DataDirectory.open(dir, "sqlite", random)) {
            IdentityStore ids = identities(admin.store());
            ids.createAccessKey(
                    ids.accessKeys("arn:aws:iam::" + ids.accountIds().iterator().next() + ":root")
                            .getFirst()
                            .principalArn());
        }
        Files.copy(backup, dir.resolve("trent.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DataDirectory.open(dir, "sqlite", random))
                .isInstanceOf(dev.trent.core.barrier.RollbackDetectedException.class)
                .hasMessageStartingWith("rollback detected: the store is at write ")
                .hasMessageContaining("start the server once with --accept-restore");
    }

    @Test
    void theAdminSideCreatesNothing() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> DataDirectory.open(missing, "sqlite", random))
                .isInstanceOf(DataDirectory.NotADataDirectoryException.class)
                .hasMessage("there is no data directory " + missing
                        + ": pass --data-dir naming the data directory of the Trent server (default ./trent-data)");
        assertThat(missing).doesNotExist();
        assertThatThrownBy(() -> DataDirectory.open(dir, "sqlite", random))
                .isInstanceOf(DataDirectory.NotADataDirectoryException.class)
                .hasMessage(dir + " is not a Trent data directory (there is no root.key in it): pass --data-dir"
                        + " naming the data directory of the Trent server (default ./trent-data)");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aWrongRootKeyIsOneLine() throws Exception {
        openForServer(dir, "sqlite", random).close();
        byte[] other = new byte[32];
        random.nextBytes(other);
        Files.write(dir.resolve("root.key"), other);
        assertThatThrownBy(() -> DataDirectory.open(dir, "sqlite", random))
                .isInstanceOf(Barrier.BarrierException.class)
                .hasMessage("the root key does not open this data directory (barrier canary check failed)");
    }

    @Test
    void firstStartWritesAnAccountAndItsRootKeyOnce() throws Exception {
        try (Store store = openForServer(dir, "sqlite", random)) {
            IdentityStore ids = identities(store);
            AdminCredentials.atStart(ids, dir, false, "000000000000");
            JsonNode c = credentials(dir);
            String account = c.get("AccountId").asText();
            assertThat(ids.accountIds()).containsExactly(account);
            assertThat(ids.accessKey(c.get("AccessKeyId").asText()))
                    .hasValueSatisfying(k -> assertThat(k.secretAccessKey())
                            .isEqualTo(c.get("SecretAccessKey").asText()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AdminCredentials.file(dir))))
                    .isEqualTo("rw-------");
            // later starts change nothing, even without the file (trent admin reset-admin-credentials makes one)
            Files.delete(AdminCredentials.file(dir));
            AdminCredentials.atStart(ids, dir, false, "000000000000");
            assertThat(AdminCredentials.file(dir)).doesNotExist();
            assertThat(ids.accountIds()).containsExactly(account);
        }
    }

    @Test
    void devModeCreatesOnlyTheDevAccountAndNamesItInTheFile() throws Exception {
        String dev = "000000000000";
        try (Store store = openForServer(dir, "sqlite", random)) {
            IdentityStore ids = identities(store);
            AdminCredentials.atStart(ids, dir, true, dev);
            assertThat(ids.accountIds()).containsExactly(dev);
            JsonNode c = credentials(dir);
            assertThat(c.get("AccountId").asText()).isEqualTo(dev);
            AccessKey k = ids.accessKey(c.get("AccessKeyId").asText()).orElseThrow();
            assertThat(k.principalArn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(k.secretAccessKey()).isEqualTo(c.get("SecretAccessKey").asText());

            // with the file there, a restart adds nothing
            AdminCredentials.atStart(ids, dir, true, dev);
            assertThat(ids.accessKeys(k.principalArn())).containsExactly(k);
            // without it, a new key each time, within the quota of two
            for (int i = 0; i < 3; i++) {
                Files.delete(AdminCredentials.file(dir));
                AdminCredentials.atStart(ids, dir, true, dev);
                assertThat(ids.accessKeys(k.principalArn()))
                        .hasSizeLessThanOrEqualTo(IdentityStore.ACCESS_KEYS_PER_USER)
                        .extracting(AccessKey::accessKeyId)
                        .contains(credentials(dir).get("AccessKeyId").asText());
            }
            assertThat(ids.accountIds()).containsExactly(dev);
        }
    }

    /** Opens {@code dir} as the server does on first start: a new root key, the store created. */
    private static dev.trent.core.store.Store openForServer(Path dir, String storeLocation, SecureRandom random) {
        var rootKeys =
                new dev.trent.core.barrier.KeyFileRootKeyProvider(dir.resolve(DataDirectory.ROOT_KEY_FILE), random);
        rootKeys.initialize();
        return new dev.trent.core.barrier.SealedStore(
                dev.trent.core.store.StoreProvider.openStore(storeLocation, dir),
                new dev.trent.core.barrier.Barrier(rootKeys.rootKey(), random),
                new dev.trent.core.barrier.SealedStore.Options(
                        dir.resolve(dev.trent.core.barrier.SealedStore.HIGH_WATER_FILE), true, false));
    }
}
