package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.core.barrier.SealedStore;
import dev.trent.server.ServerConfig;
import dev.trent.server.StartupException;
import dev.trent.server.TrentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * Rollback detection end to end: an older copy of the SQLite database, or of one row of it, put back after a key was
 * disabled is found at start (one line, and {@code --accept-restore} accepts a deliberate restore) and on read (the
 * newer state stays in use; a write over the old row fails closed with {@code KMSInternalException}). A data
 * directory written by the previous format (sealed values without write sequences) still opens, and is upgraded.
 */
class RollbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ServerConfig config(Path data) {
        return RunningTrent.testConfig(data);
    }

    private static String keyRow(String account, String keyId) {
        return "kms/keys/" + account + "/us-east-1/" + keyId;
    }

    /** The raw row (sealed value, store version) of {@code key}, read with a connection of its own. */
    private record Row(byte[] value, long version) {}

    private static Row readRow(Path db, String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement ps = c.prepareStatement("SELECT v, version FROM kv WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s", key).isTrue();
                return new Row(rs.getBytes(1), rs.getLong(2));
            }
        }
    }

    private static void writeRow(Path db, String key, Row row) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement ps = c.prepareStatement("UPDATE kv SET v = ?, version = ? WHERE k = ?")) {
            c.createStatement().execute("PRAGMA busy_timeout=10000");
            ps.setBytes(1, row.value());
            ps.setLong(2, row.version());
            ps.setString(3, key);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void anOlderCopyOfTheDatabaseIsRefusedAtStartInOneLineAndTheOverrideAcceptsIt() throws Exception {
        Launcher.assumeBuilt();
        Path data = dir.resolve("data");
        String keyId;
        Path backup = dir.resolve("backup.db");
        try (RunningTrent trent = new RunningTrent(data);
                KmsClient kms = trent.kms()) {
            keyId = kms.createKey(b -> b.description("restored")).keyMetadata().keyId();
            trent.server().close(); // a stopped server leaves no -wal file behind
            Files.copy(data.resolve("trent.db"), backup);
            trent.restart();
            try (KmsClient again = trent.kms()) {
                again.disableKey(b -> b.keyId(keyId));
            }
        }

        Files.copy(backup, data.resolve("trent.db"), StandardCopyOption.REPLACE_EXISTING);

        Processes.Result refused = Launcher.run(dir, Map.of(), "server", "--port", "0", "--data-dir", data.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        String line = refused.stderr();
        assertThat(line).as(refused.toString()).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1))
                .as(refused.toString())
                .doesNotContain("\n")
                .matches("trent server: rollback detected: the store is at write \\d+, but this data directory has"
                        + " seen write \\d+ \\(its rollback\\.marker\\): an older copy of the database was put"
                        + " back\\. If the data was restored on purpose, start once with --accept-restore to accept it"
                        + " as it is \\(see Backups and restores in docs/operations\\.md\\)");
        Processes.Result admin =
                Launcher.run(dir, Map.of(), "admin", "list-access-keys", "--data-dir", data.toString());
        assertThat(admin.exitCode()).as(admin.toString()).isNotZero();
        assertThat(admin.stderr()).contains("rollback detected").contains("--accept-restore");

        try (Launcher.Server trent = new Launcher.Server(
                        dir, Map.of(), "--port", "0", "--data-dir", data.toString(), "--accept-restore");
                KmsClient kms = client(trent, data)) {
            // the restored state, as accepted: the key is enabled again
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.ENABLED);
            assertThat(trent.stderr() + trent.stdout()).contains("Accepted a restored store (--accept-restore)");
            assertThat(trent.stop()).isEqualTo(143); // SIGTERM, after a clean shutdown
        }
        // once accepted, later starts need no override
        try (RunningTrent trent = new RunningTrent(data);
                KmsClient kms = trent.kms()) {
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().enabled())
                    .isTrue();
        }
    }

    private static KmsClient client(Launcher.Server trent, Path data) {
        RunningTrent.Credentials c = RunningTrent.readAdmin(data);
        return RunningTrent.client(
                java.net.URI.create(trent.url),
                software.amazon.awssdk.regions.Region.US_EAST_1,
                c.accessKeyId(),
                c.secretAccessKey());
    }

    @Test
    void anOldRowPutBackWhileTheServerRunsFailsClosedAndIsRefusedAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        Path db = data.resolve("trent.db");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger sealedStoreLog = (Logger) LoggerFactory.getLogger(SealedStore.class);
        log.start();
        sealedStoreLog.addAppender(log);
        String keyId;
        String row;
        try (RunningTrent trent = new RunningTrent(data);
                KmsClient kms = trent.kms()) {
            keyId = kms.createKey(b -> b.description("row")).keyMetadata().keyId();
            row = keyRow(trent.admin().accountId(), keyId);
            Row enabled = readRow(db, row);
            kms.disableKey(b -> b.keyId(keyId));

            writeRow(db, row, enabled); // the row as it was before DisableKey, store version included

            // the server keeps the newer state: the key stays disabled
            assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(DisabledException.class);
            // a write re-reads the record, finds it older than what it wrote, and fails closed
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> kms.enableKey(b -> b.keyId(keyId)))
                        .isInstanceOfSatisfying(KmsInternalException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(500);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("The request could not be completed because stored data failed an"
                                            + " integrity check; nothing was changed.");
                        });
            }
            assertThat(readRow(db, row).value()).isEqualTo(enabled.value());
        } finally {
            sealedStoreLog.detachAppender(log);
        }
        // logged once, in one line, naming the record
        assertThat(log.list)
                .filteredOn(e -> e.getFormattedMessage().contains(row))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getFormattedMessage()).startsWith("rollback detected: the record '" + row);
                    assertThat(e.getThrowableProxy()).isNull();
                });

        assertThatThrownBy(() -> TrentServer.start(config(data)))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("rollback detected: the records do not match the store's rollback marker")
                .hasMessageContaining("--accept-restore");
        try (TrentServer accepted = TrentServer.start(config(data), true);
                KmsClient kms = RunningTrent.client(
                        java.net.URI.create("http://127.0.0.1:" + accepted.port()),
                        software.amazon.awssdk.regions.Region.US_EAST_1,
                        RunningTrent.readAdmin(data).accessKeyId(),
                        RunningTrent.readAdmin(data).secretAccessKey())) {
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.ENABLED);
            kms.disableKey(b -> b.keyId(keyId)); // and it is written as usual
        }
        try (RunningTrent again = new RunningTrent(data);
                KmsClient kms = again.kms()) {
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.DISABLED);
        }
    }

    @Test
    void aDataDirectoryOfThePreviousFormatOpensAndIsUpgradedOnce() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path fixture = Path.of("src/test/resources/legacy-data-dir-v1");
        for (String f : new String[] {"root.key", "trent.db", "admin-credentials.json"}) {
            Files.copy(fixture.resolve(f), data.resolve(f));
            Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
        JsonNode expect = JSON.readTree(fixture.resolve("fixture.json").toFile());
        Map<String, String> context =
                Map.of("purpose", expect.get("encryptionContext").get("purpose").asText());
        byte[] blob = Base64.getDecoder().decode(expect.get("ciphertextBlob").asText());

        try (RunningTrent trent = new RunningTrent(data);
                KmsClient kms = trent.kms()) {
            assertThat(kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))
                                    .encryptionContext(context))
                            .plaintext()
                            .asUtf8String())
                    .isEqualTo(expect.get("plaintext").asText());
            assertThat(kms.describeKey(b -> b.keyId(expect.get("alias").asText()))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(expect.get("enabledKeyId").asText());
            assertThat(kms.describeKey(b -> b.keyId(expect.get("disabledKeyId").asText()))
                            .keyMetadata()
                            .keyState())
                    .isEqualTo(KeyState.DISABLED);
            kms.enableKey(b -> b.keyId(expect.get("disabledKeyId").asText()));
        }
        assertThat(data.resolve(SealedStore.HIGH_WATER_FILE)).exists();
        // every row is now sealed with a write sequence (format 2), and a restart needs nothing more
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("trent.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT k, v FROM kv")) {
            int rows = 0;
            while (rs.next()) {
                assertThat(rs.getBytes(2)[0]).as(rs.getString(1)).isEqualTo((byte) 2);
                rows++;
            }
            // the fixture's 8 records and the marker, and what this build adds at start (keys of its own, leases)
            assertThat(rows).isGreaterThanOrEqualTo(9);
        }
        try (RunningTrent again = new RunningTrent(data);
                KmsClient kms = again.kms()) {
            assertThat(kms.describeKey(b -> b.keyId(expect.get("disabledKeyId").asText()))
                            .keyMetadata()
                            .keyState())
                    .isEqualTo(KeyState.ENABLED);
        }
        // the pre-upgrade database put back is a rollback, not a second upgrade
        Files.copy(fixture.resolve("trent.db"), data.resolve("trent.db"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> TrentServer.start(config(data)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("the database is a copy from before this data directory was upgraded");
    }
}
