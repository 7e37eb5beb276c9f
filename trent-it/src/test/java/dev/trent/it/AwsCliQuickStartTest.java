package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The README quick start, word for word, with the real aws CLI as a subprocess. Skipped when there is no
 * {@code aws} on PATH.
 */
class AwsCliQuickStartTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static Path work;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH; skipping the CLI quick start");
        trent = new RunningTrent(dir.resolve("data"));
        work = Files.createDirectories(dir.resolve("work"));
        Path config = Files.createFile(dir.resolve("aws-config"));
        Path credentials = Files.createFile(dir.resolve("aws-credentials"));
        env = new HashMap<>();
        // nothing from the machine's own AWS set-up may leak in
        System.getenv().keySet().stream().filter(k -> k.startsWith("AWS_")).forEach(k -> env.put(k, null));
        env.put("AWS_ACCESS_KEY_ID", trent.admin().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", trent.admin().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("T", "http://localhost:" + trent.port()); // as in the README
        realAwsDirectory().ifPresent(d -> env.put("PATH", d + java.io.File.pathSeparator + System.getenv("PATH")));
    }

    /** Where a pyenv shim's real {@code aws} lives: calling it directly saves the shim's start-up per call. */
    static java.util.Optional<Path> realAwsDirectory() {
        Path aws = Processes.onPath("aws").orElseThrow();
        if (!aws.getParent().endsWith("shims") || Processes.onPath("pyenv").isEmpty())
            return java.util.Optional.empty();
        Processes.Result r = Processes.run(List.of("pyenv", "which", "aws"), Map.of(), dir, Duration.ofSeconds(20));
        if (r.exitCode() != 0) return java.util.Optional.empty();
        return java.util.Optional.of(Path.of(r.stdout().trim()).getParent());
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    static Processes.Result aws(String... args) {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", env.get("T")));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env, work, Duration.ofSeconds(60));
    }

    static Processes.Result bash(String script) {
        return Processes.run(List.of("bash", "-c", "set -euo pipefail; " + script), env, work, Duration.ofSeconds(60));
    }

    static Processes.Result ok(Processes.Result r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void readmeQuickStart() throws IOException {
        String key = ok(aws(
                        "kms",
                        "create-key",
                        "--description",
                        "demo",
                        "--query",
                        "KeyMetadata.KeyId",
                        "--output",
                        "text"))
                .stdout()
                .trim();
        assertThat(key).matches("[0-9a-f-]{36}");
        ok(aws("kms", "create-alias", "--alias-name", "alias/demo", "--target-key-id", key));

        Files.writeString(work.resolve("secret.txt"), "my secret\n", StandardCharsets.UTF_8);
        ok(bash("aws --endpoint-url $T kms encrypt --key-id alias/demo --plaintext fileb://secret.txt"
                + " --encryption-context app=billing --query CiphertextBlob --output text | base64 -d > secret.enc"));
        assertThat(Files.size(work.resolve("secret.enc"))).isGreaterThan(10);

        Processes.Result decrypted = ok(bash("aws --endpoint-url $T kms decrypt --ciphertext-blob fileb://secret.enc"
                + " --encryption-context app=billing --query Plaintext --output text | base64 -d"));
        assertThat(decrypted.stdout()).isEqualTo("my secret\n");

        // what the CLI did is visible through the SDK
        try (KmsClient kms = trent.kms()) {
            assertThat(kms.describeKey(b -> b.keyId("alias/demo")).keyMetadata().description())
                    .isEqualTo("demo");
        }
    }

    /** README: "To trust the self-signed certificate with the aws CLI: aws --endpoint-url https://localhost:4599 --ca-bundle ..." */
    @Test
    void cliOverHttpsWithTheCaBundle() {
        Processes.Result r = Processes.run(
                List.of(
                        "aws",
                        "--endpoint-url",
                        "https://localhost:" + trent.port(),
                        "--ca-bundle",
                        trent.dataDir().resolve("tls/server.crt").toString(),
                        "kms",
                        "list-keys",
                        "--output",
                        "json"),
                env,
                work,
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout()).contains("\"Keys\"");
    }

    @Test
    void cliPrintsAwsShapedErrors() {
        String key;
        try (KmsClient kms = trent.kms()) {
            key = kms.createKey(b -> b.description("for a bad alias"))
                    .keyMetadata()
                    .keyId();
        }
        Processes.Result bad = aws("kms", "create-alias", "--alias-name", "bad", "--target-key-id", key);
        assertThat(bad.exitCode()).as("%s", bad).isNotZero();
        assertThat(bad.stderr())
                .contains("An error occurred (ValidationException) when calling the CreateAlias operation: "
                        + "Alias must start with the prefix \"alias/\".");
    }
}
