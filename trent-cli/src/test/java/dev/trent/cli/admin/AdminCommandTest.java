package dev.trent.cli.admin;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trent admin} on the data directory of a stopped server (trent-it runs it beside a running one). */
class AdminCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    String account;
    String adminKey;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        if (!all.contains("--data-dir") && !all.contains("--config") && all.size() > 1) {
            all.add("--data-dir");
            all.add(dir.toString());
        }
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static void startAndStop(ServerConfig c) throws Exception {
        TrentServer.start(c, java.time.Clock.systemUTC(), new SecureRandom()).close();
    }

    JsonNode credentials() throws Exception {
        return JSON.readTree(Files.readAllBytes(dir.resolve("admin-credentials.json")));
    }

    /** A data directory a server initialised and stopped; each test works on a copy of it. */
    @TempDir
    static Path template;

    @BeforeAll
    static void initialiseTemplate() throws Exception {
        startAndStop(ServerConfig.defaults().withPort(0).withDataDir(template));
    }

    @BeforeEach
    void copyTemplate() throws Exception {
        try (var files = Files.walk(template)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve(template.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        account = credentials().get("AccountId").asText();
        adminKey = credentials().get("AccessKeyId").asText();
    }

    @Test
    void createListDeactivateActivateAndDelete() throws Exception {
        Run created = run("create-access-key");
        assertThat(created.exit()).isZero();
        assertThat(created.err()).isEmpty();
        JsonNode k = created.json().get("AccessKey");
        assertThat(created.json().properties()).hasSize(1);
        List<String> fields = new ArrayList<>();
        k.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate");
        assertThat(k.get("UserName").asText()).isEqualTo("<root_account>");
        assertThat(k.get("Status").asText()).isEqualTo("Active");
        assertThat(k.get("AccessKeyId").asText()).matches("AKIA[A-Z2-7]{16}");
        assertThat(k.get("SecretAccessKey").asText()).hasSize(40);
        assertThat(k.get("CreateDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        String id = k.get("AccessKeyId").asText();

        Run list = run("list-access-keys");
        assertThat(list.exit()).isZero();
        JsonNode keys = list.json().get("AccessKeyMetadata");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("AccessKeyId").asText()).isEqualTo(adminKey); // oldest first
        assertThat(keys.get(1).get("AccessKeyId").asText()).isEqualTo(id);
        assertThat(list.out())
                .doesNotContain("SecretAccessKey")
                .doesNotContain(k.get("SecretAccessKey").asText());
        // laid out as the aws CLI prints JSON
        assertThat(list.out())
                .startsWith(
                        "{\n    \"AccessKeyMetadata\": [\n        {\n            \"UserName\": \"<root_account>\",\n");

        Run off = run("deactivate-access-key", "--access-key-id", id);
        assertThat(off.exit()).isZero();
        assertThat(off.out()).isEmpty();
        assertThat(run("list-access-keys")
                        .json()
                        .get("AccessKeyMetadata")
                        .get(1)
                        .get("Status")
                        .asText())
                .isEqualTo("Inactive");
        assertThat(run("activate-access-key", "--access-key-id", id).exit()).isZero();
        assertThat(run("list-access-keys")
                        .json()
                        .get("AccessKeyMetadata")
                        .get(1)
                        .get("Status")
                        .asText())
                .isEqualTo("Active");

        Run deleted = run("delete-access-key", "--access-key-id", id, "--account", account);
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).isEmpty();
        assertThat(run("list-access-keys").json().get("AccessKeyMetadata")).hasSize(1);

        Run again = run("delete-access-key", "--access-key-id", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err())
                .isEqualTo("trent admin delete-access-key: NoSuchEntity: The Access Key with id " + id
                        + " cannot be found.\n");
        assertThat(run("deactivate-access-key", "--access-key-id", "AKIANOSUCHKEY0000000")
                        .err())
                .isEqualTo("trent admin deactivate-access-key: NoSuchEntity: The Access Key with id"
                        + " AKIANOSUCHKEY0000000 cannot be found.\n");
    }

    @Test
    void theRootUserHasAtMostTwoAccessKeys() {
        assertThat(run("create-access-key").exit()).isZero();
        Run third = run("create-access-key");
        assertThat(third.exit()).isEqualTo(1);
        assertThat(third.out()).isEmpty();
        assertThat(third.err())
                .isEqualTo("trent admin create-access-key: LimitExceeded: Cannot exceed quota for AccessKeysPerUser:"
                        + " 2\n");
    }

    @Test
    void resetWritesANewCredentialsFileAndAlwaysWorks() throws Exception {
        Path file = dir.resolve("admin-credentials.json");
        Files.delete(file);
        Run r = run("reset-admin-credentials");
        assertThat(r.exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        JsonNode c = credentials();
        assertThat(c.get("AccountId").asText()).isEqualTo(account);
        String second = c.get("AccessKeyId").asText();
        assertThat(second).isNotEqualTo(adminKey);
        assertThat(r.json().get("AccessKeyId").asText()).isEqualTo(second);
        assertThat(r.json().get("CredentialsFile").asText())
                .isEqualTo(file.toAbsolutePath().toString());
        assertThat(r.json().has("DeletedAccessKeyId")).isFalse();
        assertThat(r.out()).doesNotContain(c.get("SecretAccessKey").asText());

        // at the quota: an inactive key goes first, even if it is the newer one
        assertThat(run("deactivate-access-key", "--access-key-id", second).exit())
                .isZero();
        r = run("reset-admin-credentials");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("DeletedAccessKeyId").asText()).isEqualTo(second);
        String third = credentials().get("AccessKeyId").asText();
        // both active: the key the file names is the one replaced
        r = run("reset-admin-credentials");
        assertThat(r.json().get("DeletedAccessKeyId").asText()).isEqualTo(third);
        String fourth = credentials().get("AccessKeyId").asText();
        // both active and no file: the oldest goes
        Files.delete(file);
        r = run("reset-admin-credentials");
        assertThat(r.json().get("DeletedAccessKeyId").asText()).isEqualTo(adminKey);
        assertThat(run("list-access-keys").json().get("AccessKeyMetadata"))
                .extracting(n -> n.get("AccessKeyId").asText())
                .containsExactly(fourth, credentials().get("AccessKeyId").asText());
    }

    @Test
    void severalAccountsNeedAccount() throws Exception {
        // a dev-mode start on the same directory adds the dev account
        startAndStop(ServerConfig.defaults().withPort(0).withDataDir(dir).withDev(true, "000000000000"));
        Run r = run("list-access-keys");
        assertThat(r.exit()).isEqualTo(2);
        String expectedAccounts =
                account.compareTo("000000000000") < 0 ? account + ", 000000000000" : "000000000000, " + account;
        assertThat(r.err())
                .isEqualTo("trent admin list-access-keys: " + dir + " holds 2 accounts (" + expectedAccounts
                        + "): name one with --account ACCOUNT_ID\n");
        assertThat(run("list-access-keys", "--account", "000000000000").json().get("AccessKeyMetadata"))
                .hasSize(0); // the credentials file named the first account, so dev mode wrote none
        assertThat(run("list-access-keys", "--account", account).json().get("AccessKeyMetadata"))
                .hasSize(1);
        assertThat(run("create-access-key", "--account", "000000000000").exit()).isZero();
        // a key of one account is not found through another
        Run other = run("delete-access-key", "--access-key-id", adminKey, "--account", "000000000000");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("NoSuchEntity");

        assertThat(run("list-access-keys", "--account", "999999999999").err())
                .isEqualTo("trent admin list-access-keys: there is no account 999999999999 in " + dir + " (accounts: "
                        + expectedAccounts + ")\n");
        Run bad = run("list-access-keys", "--account", "12");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err())
                .isEqualTo("trent admin list-access-keys: --account must be an AWS account id (12 digits), not"
                        + " '12'\n");
    }

    @Test
    void aWrongDirectoryOrRootKeyIsOneLine() throws Exception {
        Path missing = dir.resolve("missing");
        Run r = run("list-access-keys", "--data-dir", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("trent admin list-access-keys: there is no data directory " + missing
                        + ": pass --data-dir naming the data directory of the Trent server (default"
                        + " ./trent-data)\n");
        assertThat(missing).doesNotExist();

        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(dir.resolve("root.key"), other);
        r = run("list-access-keys");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("trent admin list-access-keys: the root key does not open this data directory (its barrier"
                        + " keyring does not open under key file " + dir.resolve("root.key") + ")\n");
    }

    @Test
    void theConfigFileNamesTheDataDirectory() throws Exception {
        Path config = dir.resolve("trent.json");
        Files.writeString(config, "{\"dataDir\": " + JSON.writeValueAsString(dir.toString()) + "}");
        Run r = run("list-access-keys", "--config", config.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("AccessKeyMetadata")).hasSize(1);

        Files.writeString(config, "{\"dataDirectory\": \"x\"}");
        r = run("list-access-keys", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("trent admin list-access-keys: config file " + config + ": unknown setting");
    }

    @Test
    void usageAndHelp() {
        Run bare = run();
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err())
                .contains(
                        "create-access-key",
                        "list-access-keys",
                        "deactivate-access-key",
                        "delete-access-key",
                        "reset-admin-credentials");
        Run help = run("reset-admin-credentials", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--data-dir", "--account", "admin-credentials.json");
        Run missingId = run("delete-access-key");
        assertThat(missingId.exit()).isEqualTo(2);
        assertThat(missingId.err()).contains("--access-key-id");
    }
}
