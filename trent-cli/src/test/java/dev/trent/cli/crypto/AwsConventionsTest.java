package dev.trent.cli.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trent encrypt} / {@code trent decrypt} follow the aws CLI's conventions for region, endpoint, CA bundle,
 * profile and credentials, resolve aliases and key ids for decrypting, and fail with one line. Against
 * {@link FakeKms}, with the environment injected (the real one is never read or changed).
 */
class AwsConventionsTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    final List<FakeKms> servers = new ArrayList<>();
    Path plain;

    record Result(int exit, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().toList();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        env.put("HOME", dir.resolve("home").toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        plain = Files.writeString(dir.resolve("p.txt"), "attack at dawn ".repeat(100));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(FakeKms::close);
    }

    FakeKms http() throws Exception {
        FakeKms k = FakeKms.http();
        servers.add(k);
        return k;
    }

    FakeKms https(TestTls tls) throws Exception {
        FakeKms k = FakeKms.https(tls.serverContext());
        servers.add(k);
        return k;
    }

    Result run(CryptoCommand cmd, Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.withStreams(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8))
                .withEnvironment(env);
        String[] argv = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int exit = new CommandLine(cmd).setErr(new PrintWriter(err, true)).execute(argv);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result encrypt(Path out, Object... more) {
        List<Object> a = new ArrayList<>(List.of("-i", plain, "-o", out));
        a.addAll(List.of(more));
        return run(new EncryptCommand(), a.toArray());
    }

    Result decrypt(Path in, Path out, Object... more) {
        List<Object> a = new ArrayList<>(List.of("-i", in, "-o", out));
        a.addAll(List.of(more));
        return run(new DecryptCommand(), a.toArray());
    }

    /** One line on stderr, with no stack trace or SDK provider-chain dump. */
    static void assertOneLine(Result r, String... contains) {
        assertThat(r.errorLines()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr())
                .contains(contains)
                .doesNotContain(
                        "\tat ", "Exception:\n", "AwsCredentialsProviderChain", "Service: Kms", "Attempt Count");
    }

    // ------------------------------------------------------------------ CA bundle

    @Test
    void httpsTrustsTheCaBundleFromFlagEnvironmentOrProfile() throws Exception {
        TestTls tls = TestTls.selfSigned("fake kms");
        FakeKms kms = https(tls);
        Path cert = tls.writePem(dir.resolve("server.crt"));
        String key = kms.createKey("us-east-1");
        kms.alias("alias/app", key);
        Path enc = dir.resolve("p.enc");

        Result r = encrypt(
                enc,
                "-w",
                "key=alias/app",
                "--endpoint-url",
                kms.endpoint(),
                "--region",
                "us-east-1",
                "--ca-bundle",
                cert);
        assertThat(r.exit()).as(r.stderr()).isZero();

        env.put("AWS_CA_BUNDLE", cert.toString());
        env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
        r = decrypt(enc, dir.resolve("back1"), "-w", "key=" + key);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(dir.resolve("back1")).hasSameTextualContentAs(plain);

        env.remove("AWS_CA_BUNDLE");
        Files.writeString(dir.resolve("config"), "[default]\nca_bundle = " + cert + "\n");
        r = decrypt(enc, dir.resolve("back2"), "-w", "key=" + key);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(dir.resolve("back2")).hasSameTextualContentAs(plain);

        // The flag wins over the environment and the profile: a bundle of another certificate is refused.
        Path other = TestTls.selfSigned("other").writePem(dir.resolve("other.pem"));
        env.put("AWS_CA_BUNDLE", cert.toString());
        r = decrypt(enc, dir.resolve("back3"), "-w", "key=" + key, "--ca-bundle", other);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent decrypt: error: the TLS certificate of " + kms.endpoint()
                        + " (from AWS_ENDPOINT_URL_KMS) is not trusted by the CA bundle " + other
                        + " (from --ca-bundle): pass --ca-bundle PEM");
        assertThat(dir.resolve("back3")).doesNotExist();
    }

    @Test
    void httpsWithoutTheCertificateOrWithAMissingBundleIsOneLine() throws Exception {
        TestTls tls = TestTls.selfSigned("fake kms");
        FakeKms kms = https(tls);
        String key = kms.createKey("us-east-1");
        Result r = encrypt(dir.resolve("p.enc"), "-w", "key=" + key, "--endpoint-url", kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent encrypt: error: the TLS certificate of " + kms.endpoint()
                        + " (from --endpoint-url) is not trusted: pass --ca-bundle PEM (or set AWS_CA_BUNDLE)");

        env.put("AWS_CA_BUNDLE", dir.resolve("nope.pem").toString());
        r = encrypt(dir.resolve("p.enc"), "-w", "key=" + key, "--endpoint-url", kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent encrypt: error: CA bundle " + dir.resolve("nope.pem") + " (from AWS_CA_BUNDLE) does not exist");
        assertThat(kms.calls()).isEmpty();
    }

    // ------------------------------------------------------------------ region, endpoint, profile

    @Test
    void regionAndEndpointFromTheEnvironment() throws Exception {
        FakeKms kms = http();
        kms.alias("alias/app", kms.createKey("eu-west-1"));
        kms.alias("alias/app", kms.createKey("ap-south-1"));
        env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1"); // the KMS-specific variable wins
        env.put("AWS_DEFAULT_REGION", "ap-south-1");

        Result r = encrypt(dir.resolve("a.enc"), "-w", "key=alias/app");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls("GenerateDataKey").get(0).region()).isEqualTo("ap-south-1");

        env.put("AWS_REGION", "eu-west-1"); // AWS_REGION wins over AWS_DEFAULT_REGION
        kms.reset();
        r = encrypt(dir.resolve("b.enc"), "-w", "key=alias/app");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls("GenerateDataKey").get(0).region()).isEqualTo("eu-west-1");

        kms.reset(); // --region wins over both; region= in the group wins over --region
        r = encrypt(dir.resolve("c.enc"), "-w", "key=alias/app", "region=ap-south-1", "--region", "us-east-1");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls("GenerateDataKey").get(0).region()).isEqualTo("ap-south-1");
    }

    @Test
    void aKeyArnsOwnRegionWinsForThatKey() throws Exception {
        FakeKms kms = http();
        String west = kms.createKey("us-west-2");
        env.put("AWS_REGION", "eu-west-1");
        Result r = encrypt(
                dir.resolve("p.enc"),
                "-w",
                "key=" + west,
                "region=eu-central-1",
                "--region",
                "ca-central-1",
                "--endpoint-url",
                kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls()).extracting(FakeKms.Call::region).containsOnly("us-west-2");
    }

    @Test
    void profileGivesRegionEndpointAndCredentials() throws Exception {
        FakeKms kms = http();
        String key = kms.createKey("eu-north-1");
        kms.alias("alias/app", key);
        Files.writeString(
                dir.resolve("config"),
                "[profile dev]\nregion = eu-north-1\nendpoint_url = " + kms.endpoint() + "\n"
                        + "[profile other]\nregion = us-east-1\n");
        Files.writeString(
                dir.resolve("credentials"), "[dev]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = s\n");

        // --profile: the profile's credentials; the environment's keys are ignored, as in the aws CLI.
        Result r = encrypt(dir.resolve("a.enc"), "-w", "key=alias/app", "--profile", "dev");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls()).extracting(FakeKms.Call::region).containsOnly("eu-north-1");
        assertThat(kms.calls()).extracting(FakeKms.Call::accessKeyId).containsOnly("AKIDFROMPROFILE");

        // AWS_PROFILE: the profile's settings, but credentials in the environment come first (SDK default chain).
        kms.reset();
        env.put("AWS_PROFILE", "dev");
        r = encrypt(dir.resolve("b.enc"), "-w", "key=alias/app");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls()).extracting(FakeKms.Call::accessKeyId).containsOnly("AKIDFROMENV");

        // profile= in a group wins over AWS_PROFILE for that group.
        kms.reset();
        env.put("AWS_PROFILE", "other");
        r = encrypt(dir.resolve("c.enc"), "-w", "key=alias/app", "profile=dev");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls()).extracting(FakeKms.Call::accessKeyId).containsOnly("AKIDFROMPROFILE");
    }

    // ------------------------------------------------------------------ decrypt by alias or key id

    @Test
    void decryptResolvesAliasesAndKeyIdsOncePerKeyWithDescribeKey() throws Exception {
        FakeKms kms = http();
        String key = kms.createKey("us-east-1");
        kms.alias("alias/app", key);
        String id = key.substring(key.indexOf("key/") + 4);
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(in.resolve(f), "file " + f);
        }
        Path enc = dir.resolve("enc");
        Result r = run(
                new EncryptCommand(), "-r", "-i", in, "-o", enc, "-w", "key=" + key, "--endpoint-url", kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isZero();

        kms.reset();
        env.put("AWS_REGION", "us-east-1");
        Path out = dir.resolve("out");
        r = run(
                new DecryptCommand(),
                "-r",
                "-i",
                enc,
                "-o",
                out,
                "-w",
                "key=alias/app",
                "-w",
                "key=" + id,
                "key=alias/app",
                "--endpoint-url",
                kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isZero();
        for (String f : List.of("a", "b", "c")) {
            assertThat(out.resolve(f + ".encrypted.decrypted")).hasContent("file " + f);
        }
        assertThat(kms.calls("DescribeKey")).extracting(FakeKms.Call::keyId).containsExactlyInAnyOrder("alias/app", id);
        assertThat(kms.calls("Decrypt"))
                .hasSize(3)
                .extracting(FakeKms.Call::keyId)
                .containsOnly(key);

        // An alias ARN names its region.
        kms.reset();
        env.remove("AWS_REGION");
        r = decrypt(
                enc.resolve("a.encrypted"),
                dir.resolve("a.back"),
                "-w",
                "key=arn:aws:kms:us-east-1:" + FakeKms.ACCOUNT + ":alias/app",
                "--endpoint-url",
                kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(kms.calls()).extracting(FakeKms.Call::region).containsOnly("us-east-1");
    }

    // ------------------------------------------------------------------ one-line errors

    @Test
    void badKeysAreOneLineNamingTheKey() throws Exception {
        FakeKms kms = http();
        String key = kms.createKey("us-east-1");
        kms.alias("alias/denied", key);
        kms.deniedKeys.add(key);
        String[] common = {"--endpoint-url", kms.endpoint().toString(), "--region", "us-east-1"};
        Path enc = dir.resolve("p.enc");

        Result r = decrypt(plain, dir.resolve("out"), concat(new String[] {"-w", "key=alias/nope"}, common));
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent decrypt: error: Key alias/nope not found (region us-east-1 from --region; endpoint "
                        + kms.endpoint() + " from --endpoint-url)");

        r = decrypt(plain, dir.resolve("out"), concat(new String[] {"-w", "key=alias/denied"}, common));
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "Cannot resolve key alias/denied to its ARN with DescribeKey",
                "AccessDeniedException: User: arn:aws:iam::111122223333:user/test is not authorized",
                "without kms:DescribeKey, give the key ARN");

        r = encrypt(enc, concat(new String[] {"-w", "key=alias/nope"}, common));
        assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
        assertOneLine(
                r,
                "trent encrypt: error: " + plain
                        + ": KMS GenerateDataKey failed for alias/nope: NotFoundException: Alias "
                        + "arn:aws:kms:us-east-1:111122223333:alias/nope is not found.");
        assertThat(enc).doesNotExist();
    }

    @Test
    void missingCredentialsAreOneLine() throws Exception {
        FakeKms kms = http();
        String key = kms.createKey("us-east-1");
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        Result r = encrypt(dir.resolve("p.enc"), "-w", "key=" + key, "--endpoint-url", kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent encrypt: error: No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use"
                        + " --profile or AWS_PROFILE");

        Files.writeString(dir.resolve("config"), "[profile bare]\nregion = us-east-1\n");
        r = encrypt(dir.resolve("p.enc"), "-w", "key=" + key, "--endpoint-url", kms.endpoint(), "--profile", "bare");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(r, "trent encrypt: error: No usable AWS credentials in profile 'bare'");
        assertThat(kms.calls()).isEmpty();

        env.put("AWS_ACCESS_KEY_ID", "AKIDREJECTED");
        env.put("AWS_SECRET_ACCESS_KEY", "s");
        kms.rejectedAccessKeys.add("AKIDREJECTED");
        r = encrypt(dir.resolve("p.enc"), "-w", "key=" + key, "--endpoint-url", kms.endpoint());
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "KMS at " + kms.endpoint() + " (from --endpoint-url) refused the credentials "
                        + "(UnrecognizedClientException: The security token included in the request is invalid.)");
    }

    @Test
    void noRegionIsOneLineSayingWhereToGiveIt() {
        Result r = decrypt(plain, dir.resolve("out"), "-w", "key=alias/app", "--endpoint-url", "http://localhost:4599");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertOneLine(
                r,
                "trent decrypt: error: No AWS region for key alias/app: use --region, region= in --wrapping-keys, "
                        + "AWS_REGION or AWS_DEFAULT_REGION, a region in profile default, or the key ARN");
    }

    @Test
    void anUnreachableEndpointStopsTheRunWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(in.resolve(f), f);
        }
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        Result r = run(
                new EncryptCommand(),
                "-r",
                "-i",
                in,
                "-o",
                dir.resolve("out"),
                "-w",
                "key=arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertThat(r.errorLines())
                .containsExactly(
                        "trent encrypt: error: cannot reach KMS at http://127.0.0.1:" + port
                                + " (from AWS_ENDPOINT_URL): connection refused: check that the server is running and the"
                                + " endpoint (--endpoint-url, AWS_ENDPOINT_URL_KMS)",
                        "trent encrypt: error: 2 more input(s) not processed");
    }

    static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
