package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.cli.Main;
import dev.trent.server.ServerConfig;
import dev.trent.server.TrentServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * {@code trent admin} against the data directory of a running server, from its own JVM as an operator runs it: two
 * processes on one SQLite file. The server follows the changes within its refresh interval (1 s): a new key works, a
 * deactivated or deleted key gets {@code UnrecognizedClientException}, and a lost {@code admin-credentials.json} is
 * replaced by one that works.
 */
class AdminCredentialsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The server's refresh interval plus room for a loaded machine. */
    static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    /** {@code trent admin ARGS --data-dir DIR} in a JVM of its own. */
    static Processes.Result admin(Path dataDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.trent.cli.Main",
                "admin"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        return Processes.run(command, Map.of(), dataDir, Duration.ofSeconds(60));
    }

    static Processes.Result ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r::toString).isZero();
        return r;
    }

    /** Whether {@code kms} is let in: true, or false for UnrecognizedClientException (anything else fails). */
    static boolean accepted(KmsClient kms) {
        try {
            kms.listKeys();
            return true;
        } catch (KmsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
            return false;
        }
    }

    /** Waits until {@code kms} is accepted (or refused); returns how long that took. */
    static Duration until(KmsClient kms, boolean accepted) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + FOLLOWS_WITHIN.toNanos();
        while (accepted(kms) != accepted) {
            assertThat(System.nanoTime())
                    .as("the server did not follow the change within " + FOLLOWS_WITHIN)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void manageAccessKeysOfARunningServer() throws Exception {
        Path data = dir.resolve("data");
        try (RunningTrent trent = new RunningTrent(data);
                KmsClient admin = trent.kms()) {
            assertThat(accepted(admin)).isTrue();

            // a new key works within a few seconds
            JsonNode created =
                    JSON.readTree(ok(admin(data, "create-access-key")).stdout()).get("AccessKey");
            String id = created.get("AccessKeyId").asText();
            assertThat(created.get("Status").asText()).isEqualTo("Active");
            try (KmsClient kms = trent.kms(
                    Region.EU_WEST_1, id, created.get("SecretAccessKey").asText())) {
                until(kms, true);
                String keyId = kms.createKey(b -> b.description("made with a key from trent admin"))
                        .keyMetadata()
                        .keyId();
                assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn())
                        .isEqualTo("arn:aws:kms:eu-west-1:" + trent.admin().accountId() + ":key/" + keyId);

                // deactivated: refused within the refresh interval, and stays refused
                ok(admin(data, "deactivate-access-key", "--access-key-id", id));
                until(kms, false);
                assertThat(accepted(kms)).isFalse();
                assertThat(accepted(admin)).isTrue();
                JsonNode listed = JSON.readTree(
                                ok(admin(data, "list-access-keys")).stdout())
                        .get("AccessKeyMetadata");
                assertThat(listed).hasSize(2);
                assertThat(listed.get(1).get("AccessKeyId").asText()).isEqualTo(id);
                assertThat(listed.get(1).get("Status").asText()).isEqualTo("Inactive");

                // deleted: gone for good
                ok(admin(data, "delete-access-key", "--access-key-id", id));
                Processes.Result again = admin(data, "delete-access-key", "--access-key-id", id);
                assertThat(again.exitCode()).isEqualTo(1);
                assertThat(again.stderr().strip())
                        .endsWith("trent admin delete-access-key: NoSuchEntity: The Access Key with id " + id
                                + " cannot be found.");
                assertThat(accepted(kms)).isFalse();
            }

            // a lost admin-credentials.json is replaced by one that works
            Path file = data.resolve(TrentServer.ADMIN_CREDENTIALS_FILE);
            Files.delete(file);
            ok(admin(data, "reset-admin-credentials"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            RunningTrent.Credentials fresh = RunningTrent.readAdmin(data);
            assertThat(fresh.accountId()).isEqualTo(trent.admin().accountId());
            assertThat(fresh.accessKeyId()).isNotEqualTo(trent.admin().accessKeyId());
            try (KmsClient kms = trent.kms(Region.US_EAST_1, fresh.accessKeyId(), fresh.secretAccessKey())) {
                until(kms, true);
            }
            assertThat(accepted(admin)).isTrue(); // below the quota, the old key stays
        }
    }

    @Test
    void devModeCreatesOnlyTheDevAccountAndTheCredentialsFileNamesIt() throws Exception {
        Path data = dir.resolve("dev");
        ServerConfig dev = RunningTrent.testConfig(data).withDev(true, "000000000000");
        try (RunningTrent trent = new RunningTrent(data, dev)) {
            assertThat(trent.admin().accountId()).isEqualTo("000000000000");
            // the key in the file is real: it signs as the dev account's root, and only that account exists
            try (KmsClient kms = trent.kms(
                    Region.US_EAST_1, trent.admin().accessKeyId(), trent.admin().secretAccessKey())) {
                String arn =
                        kms.createKey(b -> b.description("dev")).keyMetadata().arn();
                assertThat(arn).startsWith("arn:aws:kms:us-east-1:000000000000:key/");
            }
            // trent admin in this JVM, beside the server: one account, so no --account needed
            var cl = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute("admin", "list-access-keys", "--data-dir", data.toString());
            assertThat(exit).as(err::toString).isZero();
            JsonNode keys = JSON.readTree(out.toString()).get("AccessKeyMetadata");
            assertThat(keys).hasSize(1);
            assertThat(keys.get(0).get("AccessKeyId").asText())
                    .isEqualTo(trent.admin().accessKeyId());

            // a restart with the file in place adds no key and no account
            trent.restart();
            out.getBuffer().setLength(0);
            assertThat(cl.execute("admin", "list-access-keys", "--data-dir", data.toString()))
                    .isZero();
            assertThat(JSON.readTree(out.toString()).get("AccessKeyMetadata")).hasSize(1);
        }
    }
}
