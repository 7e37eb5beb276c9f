package dev.trent.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.cli.Main;
import dev.trent.cli.crypto.DecryptCommand;
import dev.trent.cli.crypto.EncryptCommand;
import dev.trent.it.RunningTrent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code trent encrypt} / {@code trent decrypt} against a real dev-mode Trent server, configured the aws CLI's ways:
 * HTTPS to its self-signed certificate ({@code <data-dir>/tls/server.crt}) with {@code --ca-bundle} or
 * {@code AWS_CA_BUNDLE}, the region from {@code AWS_REGION}, the endpoint from {@code AWS_ENDPOINT_URL_KMS},
 * decrypting with an alias or a bare key id, and one-line errors. The environment is handed to the commands (never
 * the real one); nothing else configures them.
 */
class CliAwsConventionsTest {
    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static RunningTrent trent;
    private static KmsClient kmsUs;
    private static String keyUs;
    private static String keyEu;
    private static Path certificate;
    private static String https;
    private static String http;

    private final Map<String, String> env = new HashMap<>();
    private byte[] data;
    private Path plain;

    @BeforeAll
    static void start() {
        trent = TrentKms.start(serverDir);
        https = "https://localhost:" + trent.port();
        http = "http://localhost:" + trent.port();
        certificate = serverDir.resolve("tls").resolve("server.crt");
        kmsUs = TrentKms.client(trent.endpoint(), Region.US_EAST_1, null);
        keyUs = TrentKms.createKey(kmsUs, "conventions us");
        try (KmsClient kmsEu = TrentKms.client(trent.endpoint(), Region.EU_WEST_1, null)) {
            keyEu = TrentKms.createKey(kmsEu, "conventions eu");
        }
        kmsUs.createAlias(b -> b.aliasName("alias/conventions").targetKeyId(keyUs));
    }

    @AfterAll
    static void stop() {
        if (kmsUs != null) {
            kmsUs.close();
        }
        if (trent != null) {
            trent.close();
        }
    }

    @BeforeEach
    void environment() throws Exception {
        env.put("HOME", dir.resolve("home").toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDCONVENTIONS"); // a dev-mode server takes any access key
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        data = new byte[30_000];
        new Random(7).nextBytes(data);
        plain = dir.resolve("plain.bin");
        Files.write(plain, data);
    }

    record Result(int exit, byte[] stdout, String stderr) {}

    /** Runs {@code trent ARGS...} in-process through {@link Main#commandLine()} with {@link #env}. */
    private Result trent(Object... args) {
        CommandLine cl = Main.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        for (String name : List.of("encrypt", "decrypt")) {
            Object cmd = cl.getSubcommands().get(name).getCommand();
            if (cmd instanceof EncryptCommand e) {
                e.withStreams(new ByteArrayInputStream(new byte[0]), out, errStream);
                e.withEnvironment(env);
            } else if (cmd instanceof DecryptCommand d) {
                d.withStreams(new ByteArrayInputStream(new byte[0]), out, errStream);
                d.withEnvironment(env);
            }
        }
        cl.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>();
        for (Object a : args) {
            argv.add(a.toString());
        }
        int exit = cl.execute(argv.toArray(String[]::new));
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Result r, String... contains) {
        assertThat(r.stderr().lines().toList()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr())
                .contains(contains)
                .doesNotContain("\tat ", "AwsCredentialsProviderChain", "Service: Kms");
    }

    private String keyInfo(Path metadata) throws Exception {
        return new String(
                Base64.getDecoder()
                        .decode(new ObjectMapper()
                                .readTree(Files.readAllLines(metadata).get(0))
                                .at("/header/encrypted_data_keys/0/key_provider/key_info")
                                .asText()),
                StandardCharsets.UTF_8);
    }

    @Test
    void httpsWithCaBundleFlagAndDecryptByAlias() throws Exception {
        Path enc = dir.resolve("plain.bin.encrypted");
        Path meta = dir.resolve("meta.jsonl");
        Result r = trent(
                "encrypt",
                "-i",
                plain,
                "-o",
                enc,
                "-w",
                "key=alias/conventions",
                "--region",
                "us-east-1",
                "--endpoint-url",
                https,
                "--ca-bundle",
                certificate,
                "--metadata-output",
                meta);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(keyInfo(meta)).isEqualTo(keyUs);

        Path back = dir.resolve("back.bin");
        r = trent(
                "decrypt",
                "-i",
                enc,
                "-o",
                back,
                "-w",
                "key=alias/conventions",
                "--region",
                "us-east-1",
                "--endpoint-url",
                https,
                "--ca-bundle",
                certificate);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(back).hasBinaryContent(data);
    }

    @Test
    void httpsWithAwsCaBundleEndpointAndRegionFromTheEnvironmentAndDecryptByKeyId() throws Exception {
        env.put("AWS_CA_BUNDLE", certificate.toString());
        env.put("AWS_ENDPOINT_URL_KMS", https);
        env.put("AWS_REGION", "us-east-1");
        Path enc = dir.resolve("plain.bin.encrypted");
        Path meta = dir.resolve("meta.jsonl");
        Result r = trent("encrypt", "-i", plain, "-o", enc, "-w", "key=alias/conventions", "--metadata-output", meta);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(keyInfo(meta)).isEqualTo(keyUs); // the alias of us-east-1, so the region came from AWS_REGION

        String bareId = keyUs.substring(keyUs.indexOf("key/") + 4);
        Path back = dir.resolve("back.bin");
        r = trent("decrypt", "-i", enc, "-o", back, "-w", "key=" + bareId);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(back).hasBinaryContent(data);

        // The same alias looked up in the region AWS_REGION names now: not there, one line naming key and region.
        env.put("AWS_REGION", "eu-west-1");
        r = trent("decrypt", "-i", enc, "-o", dir.resolve("none.bin"), "-w", "key=alias/conventions");
        assertThat(r.exit()).isEqualTo(2);
        assertOneLine(
                r,
                "trent decrypt: error: Key alias/conventions not found (region eu-west-1 from AWS_REGION; endpoint "
                        + https + " from AWS_ENDPOINT_URL_KMS)");
        assertThat(dir.resolve("none.bin")).doesNotExist();
    }

    @Test
    void httpsWithoutTheCertificateIsOneLineSayingWhatToDo() {
        env.put("AWS_ENDPOINT_URL_KMS", https);
        Result r = trent("encrypt", "-i", plain, "-o", dir.resolve("x.enc"), "-w", "key=" + keyUs);
        assertThat(r.exit()).isEqualTo(2);
        assertOneLine(
                r,
                "trent encrypt: error: the TLS certificate of " + https
                        + " (from AWS_ENDPOINT_URL_KMS) is not trusted: pass --ca-bundle PEM (or set AWS_CA_BUNDLE)",
                "<data-dir>/tls/server.crt");
        assertThat(dir.resolve("x.enc")).doesNotExist();
    }

    @Test
    void wrongKeysAreOneLine() throws Exception {
        env.put("AWS_ENDPOINT_URL_KMS", http);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Path enc = dir.resolve("plain.bin.encrypted");
        Result r = trent("encrypt", "-i", plain, "-o", enc, "-w", "key=alias/conventions");
        assertThat(r.exit()).as(r.stderr()).isZero();

        r = trent("decrypt", "-i", enc, "-o", dir.resolve("a.bin"), "-w", "key=alias/no-such-alias");
        assertThat(r.exit()).isEqualTo(2);
        assertOneLine(
                r,
                "trent decrypt: error: Key alias/no-such-alias not found (region us-east-1 from AWS_DEFAULT_REGION;"
                        + " endpoint " + http + " from AWS_ENDPOINT_URL_KMS)");

        r = trent("decrypt", "-i", enc, "-o", dir.resolve("b.bin"), "-w", "key=" + keyEu);
        assertThat(r.exit()).isEqualTo(1);
        assertOneLine(r, "trent decrypt: error: " + enc + ": KMS keyring " + keyEu + " could not decrypt");

        r = trent("encrypt", "-i", plain, "-o", dir.resolve("c.enc"), "-w", "key=alias/no-such-alias");
        assertThat(r.exit()).isEqualTo(1);
        assertOneLine(
                r,
                "trent encrypt: error: " + plain
                        + ": KMS GenerateDataKey failed for alias/no-such-alias: NotFoundException:");
        for (String f : List.of("a.bin", "b.bin", "c.enc")) {
            assertThat(dir.resolve(f)).doesNotExist();
        }
    }

    @Test
    void theJarPrintsTheProjectVersion() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("trent-cli/target/trent.jar");
        assumeTrue(Files.isRegularFile(jar), "trent-cli/target/trent.jar is not built (run the package phase)");
        Matcher m = Pattern.compile("<artifactId>trent-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--version")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("trent " + m.group(1));
        assertThat(p.exitValue()).isZero();
    }
}
