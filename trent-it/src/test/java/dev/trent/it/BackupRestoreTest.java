package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.cli.Main;
import dev.trent.server.ServerConfig;
import dev.trent.server.TrentServer;
import dev.trent.store.postgres.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * {@code trent backup} of a running server and {@code trent restore} into a new SQLite data directory and into an
 * empty PostgreSQL database (SQLite to PostgreSQL): every key, material version, alias, grant, key policy, tag and
 * identity comes back, ciphertexts made before the backup decrypt, and the restored servers start without
 * {@code --accept-restore}. (The PostgreSQL half is skipped, saying why, without PostgreSQL.)
 */
class BackupRestoreTest {
    @TempDir
    Path dir;

    record Sealed(String keyId, SdkBytes blob, SdkBytes plaintext) {}

    /** What was made before the backup, to find again after the restore. */
    record Made(
            String keyId,
            String otherKeyId,
            String grantId,
            String policy,
            List<Sealed> sealed,
            String userName,
            AwsCredentials userKey) {}

    @Test
    void aBackupOfARunningServerRestoresIntoSqliteAndPostgres() throws Exception {
        Path source = dir.resolve("source");
        Path backup = dir.resolve("backups/trent.backup");
        Made made;
        RunningTrent.Credentials admin;
        try (RunningTrent trent = new RunningTrent(source)) {
            admin = trent.admin();
            made = populate(trent);
            // while the server runs
            assertThat(cli("backup", "--data-dir", source.toString(), "--output", backup.toString()))
                    .startsWith("Backed up ");
        }
        assertThat(Files.getPosixFilePermissions(backup)).hasToString("[OWNER_READ, OWNER_WRITE]");
        assertThat(Files.readString(backup)).doesNotContain("rotation-backup"); // values sealed

        Path rootKey = source.resolve("root.key");
        Path restored = dir.resolve("restored");
        assertThat(cli(
                        "restore",
                        "--data-dir",
                        restored.toString(),
                        "--root-key-file",
                        rootKey.toString(),
                        "--input",
                        backup.toString()))
                .startsWith("Restored ");
        // a second restore into the same, now not empty, store is refused
        assertThat(cliFails(
                        "restore",
                        "--data-dir",
                        restored.toString(),
                        "--root-key-file",
                        rootKey.toString(),
                        "--input",
                        backup.toString()))
                .contains("the target store is not empty");
        checkRestored(
                ServerConfig.defaults().withPort(0).withDataDir(restored).toBuilder()
                        .rootKeyFile(rootKey)
                        .build(),
                admin,
                made);

        if (!PostgresTestDatabase.reachable()) {
            System.out.println("BackupRestoreTest: PostgreSQL is not reachable at " + PostgresTestDatabase.HOST + ":"
                    + PostgresTestDatabase.PORT + ": skipping the restore into PostgreSQL");
            return;
        }
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            Path node = dir.resolve("pg-node");
            assertThat(cli(
                            "restore",
                            "--store",
                            db.location(),
                            "--data-dir",
                            node.toString(),
                            "--root-key-file",
                            rootKey.toString(),
                            "--input",
                            backup.toString()))
                    .startsWith("Restored ");
            checkRestored(
                    ServerConfig.defaults().withPort(0).withDataDir(node).toBuilder()
                            .store(db.location("maxPoolSize=2"))
                            .rootKeyFile(rootKey)
                            .build(),
                    admin,
                    made);
            // a backup of the PostgreSQL store is the same, record for record
            Path again = dir.resolve("backups/from-postgres.backup");
            assertThat(cli(
                            "backup",
                            "--store",
                            db.location(),
                            "--root-key-file",
                            rootKey.toString(),
                            "--output",
                            again.toString()))
                    .startsWith("Backed up ");
        }
    }

    private static Made populate(RunningTrent trent) throws Exception {
        KmsClient kms = trent.kms();
        String keyId = kms.createKey(b -> b.description("rotation-backup"))
                .keyMetadata()
                .keyId();
        String otherKeyId =
                kms.createKey(b -> b.description("other")).keyMetadata().keyId();
        List<Sealed> sealed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SdkBytes plain = SdkBytes.fromUtf8String("before rotation " + i);
            sealed.add(new Sealed(
                    keyId, kms.encrypt(b -> b.keyId(keyId).plaintext(plain)).ciphertextBlob(), plain));
        }
        kms.rotateKeyOnDemand(b -> b.keyId(keyId)); // a second material version; the first still decrypts
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (kms.getKeyRotationStatus(b -> b.keyId(keyId)).onDemandRotationStartDate() != null) {
            assertThat(System.nanoTime())
                    .as("the on-demand rotation is done within a minute")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        SdkBytes plain = SdkBytes.fromUtf8String("after rotations");
        sealed.add(new Sealed(
                keyId, kms.encrypt(b -> b.keyId(keyId).plaintext(plain)).ciphertextBlob(), plain));
        kms.createAlias(b -> b.aliasName("alias/backed-up").targetKeyId(keyId));
        kms.tagResource(b ->
                b.keyId(keyId).tags(Tag.builder().tagKey("team").tagValue("red").build()));
        kms.disableKey(b -> b.keyId(otherKeyId));
        String grantId = kms.createGrant(b -> b.keyId(keyId)
                        .granteePrincipal("arn:aws:iam::" + trent.admin().accountId() + ":root")
                        .operations(GrantOperation.DECRYPT))
                .grantId();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"backed-up\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + trent.admin().accountId() + ":root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(policy));
        String userName = "backup-user-" + System.nanoTime();
        AwsCredentials userKey;
        try (IamClient iam = IdentityClients.iam(trent.endpoint(), IdentityClients.admin(trent))) {
            iam.createUser(b -> b.userName(userName));
            iam.putUserPolicy(b -> b.userName(userName)
                    .policyName("kms")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}"));
            var key = iam.createAccessKey(b -> b.userName(userName)).accessKey();
            userKey = IdentityClients.basic(key.accessKeyId(), key.secretAccessKey());
        }
        return new Made(keyId, otherKeyId, grantId, policy, sealed, userName, userKey);
    }

    private static void checkRestored(ServerConfig config, RunningTrent.Credentials admin, Made made) throws Exception {
        try (TrentServer server = TrentServer.start(config)) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.port());
            try (KmsClient kms = RunningTrent.client(
                    endpoint,
                    software.amazon.awssdk.regions.Region.US_EAST_1,
                    admin.accessKeyId(),
                    admin.secretAccessKey())) {
                assertThat(kms.describeKey(b -> b.keyId("alias/backed-up"))
                                .keyMetadata()
                                .keyId())
                        .isEqualTo(made.keyId());
                assertThat(kms.describeKey(b -> b.keyId(made.otherKeyId()))
                                .keyMetadata()
                                .keyState())
                        .isEqualTo(KeyState.DISABLED);
                assertThat(kms.listKeyRotations(b -> b.keyId(made.keyId())).rotations())
                        .hasSize(1);
                assertThat(kms.listResourceTags(b -> b.keyId(made.keyId())).tags())
                        .containsExactly(
                                Tag.builder().tagKey("team").tagValue("red").build());
                assertThat(kms.listGrants(b -> b.keyId(made.keyId())).grants())
                        .extracting(g -> g.grantId())
                        .containsExactly(made.grantId());
                assertThat(kms.getKeyPolicy(b -> b.keyId(made.keyId())).policy())
                        .contains("\"Sid\":\"backed-up\"");
                for (Sealed s : made.sealed()) {
                    assertThat(kms.decrypt(b -> b.ciphertextBlob(s.blob())).plaintext())
                            .isEqualTo(s.plaintext());
                }
            }
            // the identity and its policy came back: the IAM user's own key decrypts
            try (KmsClient asUser = IdentityClients.kms(endpoint, made.userKey())) {
                Sealed s = made.sealed().getFirst();
                assertThat(asUser.decrypt(b -> b.ciphertextBlob(s.blob())).plaintext())
                        .isEqualTo(s.plaintext());
            }
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        assertThat(exit).as("trent %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static String cliFails(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).isNotZero();
        return err.toString();
    }
}
