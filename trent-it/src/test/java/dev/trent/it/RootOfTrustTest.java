package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The roots of trust end to end, each on a real Trent process: a PKCS#11 root key on SoftHSM2 (skipped with a
 * message when SoftHSM2 is not installed), a passphrase with a sealed start and {@code trent unseal}, the operator
 * mistakes (wrong PIN, missing token, missing library) as one line, and root-key rotation from a key file to the
 * HSM, also when the process is killed with SIGKILL in the middle of it.
 */
class RootOfTrustTest {
    private static final Path SOFTHSM_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Pattern UP = Pattern.compile("Trent is (ready|sealed) at http://127\\.0\\.0\\.1:(\\d+)");
    private static final String PIN = "7531";
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;

    private Path softhsmConf;

    @BeforeEach
    void softHsm() throws IOException {
        softhsmConf = dir.resolve("softhsm2.conf");
        Files.createDirectories(dir.resolve("tokens"));
        Files.writeString(
                softhsmConf,
                "directories.tokendir = " + dir.resolve("tokens")
                        + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    }

    private void initToken(String label) {
        assumeTrue(
                Files.isRegularFile(SOFTHSM_LIBRARY)
                        && Processes.onPath("softhsm2-util").isPresent(),
                "SoftHSM2 is not installed (apt-get install softhsm2): PKCS#11 tests skipped");
        Processes.Result r = Processes.run(
                List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "86420"),
                Map.of("SOFTHSM2_CONF", softhsmConf.toString()),
                dir,
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private List<String> pkcs11(String token) {
        return List.of(
                "--root-of-trust",
                "pkcs11",
                "--pkcs11-library",
                SOFTHSM_LIBRARY.toString(),
                "--pkcs11-token-label",
                token);
    }

    private Map<String, String> hsmEnv(String pin) {
        Map<String, String> env = new HashMap<>();
        env.put("SOFTHSM2_CONF", softhsmConf.toString());
        env.put("TRENT_PKCS11_PIN", pin);
        return env;
    }

    @Test
    void pkcs11RootKeySealsTheDataAndOpensItAgain() throws Exception {
        initToken("trent");
        Path data = dir.resolve("data");
        SealedValue v;
        try (Trent t = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("1.log"))) {
            assertThat(t.sealed).isFalse();
            v = SealedValue.make(t, data);
        }
        assertThat(data.resolve("root.key")).doesNotExist();
        try (Trent t = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("2.log"))) {
            v.check(t, data);
        }
    }

    @Test
    void pkcs11MistakesAreOneLine() throws Exception {
        initToken("trent");
        Path data = dir.resolve("data");
        Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("0.log")).close();

        String wrongPin = Trent.failure(data, pkcs11("trent"), hsmEnv("0000"), dir.resolve("1.log"));
        assertThat(wrongPin).contains("the PIN for the PKCS#11 token 'trent' is wrong");
        String missingToken = Trent.failure(data, pkcs11("elsewhere"), hsmEnv(PIN), dir.resolve("2.log"));
        assertThat(missingToken).contains("has no token labelled 'elsewhere'").contains("it has: trent");
        List<String> noLibrary = new ArrayList<>(pkcs11("trent"));
        noLibrary.set(3, dir.resolve("no-such-lib.so").toString());
        assertThat(Trent.failure(data, noLibrary, hsmEnv(PIN), dir.resolve("3.log")))
                .contains("the PKCS#11 library " + dir.resolve("no-such-lib.so") + " does not exist");
    }

    @Test
    void passphraseStartsSealedUntilUnsealed() throws Exception {
        Path data = dir.resolve("data");
        List<String> args = List.of("--root-of-trust", "passphrase");
        SealedValue v;
        try (Trent t = Trent.start(data, args, Map.of("TRENT_UNSEAL_PASSPHRASE", PASSPHRASE), dir.resolve("1.log"))) {
            assertThat(t.sealed).isFalse();
            v = SealedValue.make(t, data);
        }
        Map<String, String> noPassphrase = new HashMap<>();
        noPassphrase.put("TRENT_UNSEAL_PASSPHRASE", null);
        try (Trent t = Trent.start(data, args, noPassphrase, dir.resolve("2.log"))) {
            assertThat(t.sealed).isTrue();
            HttpResponse<String> health = get(t.endpoint().resolve("/health"));
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"sealed\"");
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            try (KmsClient kms =
                    RunningTrent.client(t.endpoint(), Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey())) {
                assertThatThrownBy(() -> kms.listKeys())
                        .isInstanceOf(KmsException.class)
                        .satisfies(e -> {
                            KmsException k = (KmsException) e;
                            assertThat(k.statusCode()).isEqualTo(503);
                            assertThat(k.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                            assertThat(k.awsErrorDetails().errorMessage()).contains("Trent is sealed");
                        });
            }
            Processes.Result wrong = unseal(t, "not the passphrase at all");
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
            assertThat(wrong.stderr()).contains("the passphrase is wrong; Trent stays sealed");
            assertThat(get(t.endpoint().resolve("/health")).body()).contains("sealed");

            Processes.Result right = unseal(t, PASSPHRASE);
            assertThat(right.exitCode()).as(right.toString()).isZero();
            assertThat(get(t.endpoint().resolve("/health")).body()).contains("\"status\":\"ok\"");
            v.check(t, data);
        }
    }

    @Test
    void unsealAttemptsAreRateLimited() throws Exception {
        Path data = dir.resolve("data");
        List<String> args = List.of("--root-of-trust", "passphrase");
        Trent.start(data, args, Map.of("TRENT_UNSEAL_PASSPHRASE", PASSPHRASE), dir.resolve("1.log"))
                .close();
        Map<String, String> noPassphrase = new HashMap<>();
        noPassphrase.put("TRENT_UNSEAL_PASSPHRASE", null);
        try (Trent t = Trent.start(data, args, noPassphrase, dir.resolve("2.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(http.sendAsync(
                        HttpRequest.newBuilder(t.endpoint().resolve("/trent/unseal"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"Passphrase\":\"guess " + i + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int throttled = 0;
            for (var a : attempts) {
                HttpResponse<String> r = a.get(120, TimeUnit.SECONDS);
                if (r.statusCode() == 429) {
                    assertThat(r.body()).contains("ThrottlingException");
                    throttled++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                    assertThat(r.body()).contains("the passphrase is wrong");
                }
            }
            assertThat(throttled).isGreaterThan(0);
        }
    }

    @Test
    void movingFromAKeyFileToTheHsmIsARotation() throws Exception {
        initToken("trent");
        Path data = dir.resolve("data");
        SealedValue v;
        try (Trent t = Trent.start(data, List.of(), Map.of(), dir.resolve("1.log"))) {
            v = SealedValue.make(t, data);
        }
        try (Trent t = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("2.log"))) {
            t.awaitLog("Root-key rotation finished");
            v.check(t, data);
        }
        Files.delete(data.resolve("root.key")); // no longer needed: everything is under the HSM's key
        try (Trent t = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("3.log"))) {
            v.check(t, data);
        }
    }

    @Test
    void aRotationKilledInTheMiddleResumesAndLosesNothing() throws Exception {
        initToken("trent");
        Path data = dir.resolve("data");
        List<SealedValue> values = new ArrayList<>();
        try (Trent t = Trent.start(data, List.of(), Map.of(), dir.resolve("1.log"))) {
            for (int i = 0; i < 40; i++) values.add(SealedValue.make(t, data));
        }
        Map<String, String> slow = hsmEnv(PIN);
        slow.put("JAVA_TOOL_OPTIONS", "-Dtrent.rootKeyRotation.batch=1 -Dtrent.rootKeyRotation.pauseMillis=50");
        Trent t = Trent.start(data, pkcs11("trent"), slow, dir.resolve("2.log"));
        t.awaitLog("Resuming the root-key rotation");
        Thread.sleep(1000); // about 20 of its 80-odd batches
        t.kill();
        assertThat(t.log()).doesNotContain("Root-key rotation finished");
        try (Trent again = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("3.log"))) {
            again.awaitLog("Root-key rotation finished");
            for (SealedValue v : values) v.check(again, data);
        }
        Files.delete(data.resolve("root.key"));
        try (Trent again = Trent.start(data, pkcs11("trent"), hsmEnv(PIN), dir.resolve("4.log"))) {
            for (SealedValue v : values) v.check(again, data);
        }
    }

    @Test
    void rotateRootKeyRunsBesideTheRunningServer() throws Exception {
        Path data = dir.resolve("data");
        List<SealedValue> values = new ArrayList<>();
        try (Trent t = Trent.start(data, List.of(), Map.of(), dir.resolve("1.log"))) {
            for (int i = 0; i < 3; i++) values.add(SealedValue.make(t, data));
            List<String> cmd = new ArrayList<>(Trent.javaCommand());
            cmd.addAll(List.of("rotate-root-key", "--data-dir", data.toString()));
            Processes.Result r = Processes.run(cmd, Map.of(), dir, Duration.ofSeconds(120));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("records re-sealed under the new keyring term");
            for (SealedValue v : values) v.check(t, data); // the server follows the new keyring
            values.add(SealedValue.make(t, data)); // and writes under it
            assertThat(t.log()).contains("Loaded the barrier keyring stored by another process");
        }
        try (Trent t = Trent.start(data, List.of(), Map.of(), dir.resolve("2.log"))) {
            for (SealedValue v : values) v.check(t, data);
        }
    }

    @Test
    void theAwsCliSeesASealedServerAsServiceUnavailable() throws Exception {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH; skipping");
        Path data = dir.resolve("data");
        List<String> args = List.of("--root-of-trust", "passphrase");
        Trent.start(data, args, Map.of("TRENT_UNSEAL_PASSPHRASE", PASSPHRASE), dir.resolve("1.log"))
                .close();
        Map<String, String> noPassphrase = new HashMap<>();
        noPassphrase.put("TRENT_UNSEAL_PASSPHRASE", null);
        try (Trent t = Trent.start(data, args, noPassphrase, dir.resolve("2.log"))) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            Map<String, String> env = new HashMap<>();
            System.getenv().keySet().stream().filter(k -> k.startsWith("AWS_")).forEach(k -> env.put(k, null));
            env.put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_MAX_ATTEMPTS", "1");
            env.put("AWS_PAGER", "");
            Processes.Result r = Processes.run(
                    List.of(
                            "aws",
                            "kms",
                            "list-keys",
                            "--endpoint-url",
                            t.endpoint().toString()),
                    env,
                    dir,
                    Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            assertThat(r.stderr()).contains("ServiceUnavailable").contains("Trent is sealed");
        }
    }

    private Processes.Result unseal(Trent t, String passphrase) throws IOException {
        Path in = dir.resolve("passphrase.txt");
        Files.writeString(in, passphrase + "\n");
        List<String> cmd = new ArrayList<>(Trent.javaCommand());
        cmd.addAll(List.of("unseal", "--endpoint", t.endpoint().toString()));
        List<String> sh = List.of(
                "sh",
                "-c",
                String.join(" ", cmd.stream().map(RootOfTrustTest::quote).toList()) + " < " + quote(in.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("TRENT_UNSEAL_PASSPHRASE", null);
        return Processes.run(sh, env, dir, Duration.ofSeconds(60));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A key made and a value encrypted under it, to decrypt after restarts. */
    record SealedValue(String keyId, byte[] plaintext, SdkBytes ciphertext) {
        static SealedValue make(Trent t, Path data) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            try (KmsClient kms =
                    RunningTrent.client(t.endpoint(), Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey())) {
                String id = kms.createKey(b -> {}).keyMetadata().keyId();
                byte[] plain = ("secret of " + id).getBytes(StandardCharsets.UTF_8);
                SdkBytes ct = kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromByteArray(plain)))
                        .ciphertextBlob();
                return new SealedValue(id, plain, ct);
            }
        }

        void check(Trent t, Path data) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            try (KmsClient kms =
                    RunningTrent.client(t.endpoint(), Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey())) {
                assertThat(kms.decrypt(b -> b.ciphertextBlob(ciphertext))
                                .plaintext()
                                .asByteArray())
                        .isEqualTo(plaintext);
            }
        }
    }

    /** A Trent server process. */
    static final class Trent implements AutoCloseable {
        final Process process;
        final Path log;
        final int port;
        final boolean sealed;

        private Trent(Process process, Path log, int port, boolean sealed) {
            this.process = process;
            this.log = log;
            this.port = port;
            this.sealed = sealed;
        }

        static List<String> javaCommand() {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            return List.of(
                    java,
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xmx256m",
                    "--enable-native-access=ALL-UNNAMED",
                    "--add-exports",
                    "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                    "-cp",
                    cp,
                    "dev.trent.cli.Main");
        }

        static Process launch(Path data, List<String> args, Map<String, String> env, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(javaCommand());
            // these tests create keys faster than AWS's CreateKey quota allows
            cmd.addAll(List.of("server", "--port", "0", "--data-dir", data.toString(), "--no-request-quotas"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            env.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            return pb.start();
        }

        static Trent start(Path data, List<String> args, Map<String, String> env, Path log) throws Exception {
            Process p = launch(data, args, env, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Matcher m = UP.matcher("");
            while (!m.reset(read(log)).find()) {
                if (!p.isAlive()) throw new AssertionError("Trent exited with " + p.exitValue() + ":\n" + read(log));
                if (System.nanoTime() > deadline) throw new AssertionError("Trent did not start:\n" + read(log));
                Thread.sleep(50);
            }
            return new Trent(p, log, Integer.parseInt(m.group(2)), m.group(1).equals("sealed"));
        }

        /** Starts a server that must refuse to start; returns its output, checked to be one line and no trace. */
        static String failure(Path data, List<String> args, Map<String, String> env, Path log) throws Exception {
            Process p = launch(data, args, env, log);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = read(log);
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(out.lines().filter(l -> l.startsWith("trent server:")).count())
                    .as(out)
                    .isEqualTo(1);
            return out;
        }

        private static String read(Path log) {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }

        String log() {
            return read(log);
        }

        void awaitLog(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!log().contains(text)) {
                if (!process.isAlive()) throw new AssertionError("Trent exited:\n" + log());
                if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in:\n" + log());
                Thread.sleep(20);
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS))
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
