package dev.trent.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.cli.Main;
import dev.trent.cli.crypto.DecryptCommand;
import dev.trent.cli.crypto.EncryptCommand;
import dev.trent.it.RunningTrent;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.KmsKeyring;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * {@code trent encrypt} / {@code trent decrypt} end to end, through {@link Main#commandLine()}, against a real
 * dev-mode Trent server given with {@code --endpoint-url}. Credentials and the default region come from the AWS
 * default chains, here from the {@code aws.*} system properties (a dev-mode server accepts any access key).
 */
class CliAgainstTrentTest {
    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region"};
    private static final Map<String, String> saved = new HashMap<>();

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static RunningTrent trent;
    private static KmsClient kmsUs;
    private static KmsClient kmsEu;
    private static String keyUs;
    private static String keyEu;
    private static String endpoint;

    @BeforeAll
    static void start() {
        trent = TrentKms.start(serverDir);
        endpoint = trent.endpoint().toString();
        kmsUs = TrentKms.client(trent.endpoint(), Region.US_EAST_1, null);
        kmsEu = TrentKms.client(trent.endpoint(), Region.EU_WEST_1, null);
        keyUs = TrentKms.createKey(kmsUs, "cli us");
        keyEu = TrentKms.createKey(kmsEu, "cli eu");
        kmsUs.createAlias(b -> b.aliasName("alias/cli-e2e").targetKeyId(keyUs));
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", "AKIDCLIENDTOEND");
        System.setProperty("aws.secretAccessKey", "cli-secret");
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterAll
    static void stop() {
        for (String p : PROPERTIES) {
            if (saved.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, saved.get(p));
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {kmsUs, kmsEu, trent}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code trent ARGS...} with the given standard input, capturing standard output and error. */
    private static Result trent(byte[] stdin, String... args) {
        CommandLine cl = Main.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        ((EncryptCommand) cl.getSubcommands().get("encrypt").getCommand())
                .withStreams(new ByteArrayInputStream(stdin), out, errStream);
        ((DecryptCommand) cl.getSubcommands().get("decrypt").getCommand())
                .withStreams(new ByteArrayInputStream(stdin), out, errStream);
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static Result trent(String... args) {
        return trent(new byte[0], args);
    }

    private static String[] args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] a) {
                all.addAll(List.of(a));
            } else {
                all.add(p.toString());
            }
        }
        all.add("--endpoint-url");
        all.add(endpoint);
        return all.toArray(String[]::new);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Files in {@code d} other than {@code except}: nothing half-written may be left behind. */
    private static List<String> strayFiles(Path d, Path... except) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !List.of(except).contains(p))
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
    }

    @Test
    void filesWithAnAliasKeysInTwoRegionsAndMetadata() throws Exception {
        byte[] data = random(300_000, 1);
        Path plain = dir.resolve("report.bin");
        Files.write(plain, data);
        Path enc = dir.resolve("report.bin.encrypted");
        Path meta = dir.resolve("meta.jsonl");
        Result r = trent(args(
                "encrypt",
                "-i",
                plain,
                "-o",
                enc,
                "-w",
                "key=alias/cli-e2e",
                "key=" + keyEu,
                "-c",
                "purpose=reports",
                "dept=finance",
                "--metadata-output",
                meta));
        assertThat(r.exit()).as(r.stderr()).isZero();

        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(meta).get(0));
        assertThat(line.get("mode").asText()).isEqualTo("encrypt");
        assertThat(line.get("input").asText()).isEqualTo(plain.toAbsolutePath().toString());
        assertThat(line.get("output").asText()).isEqualTo(enc.toAbsolutePath().toString());
        JsonNode header = line.get("header");
        assertThat(header.get("algorithm_id").asText()).isEqualTo("0x0578");
        assertThat(header.get("encryption_context").get("purpose").asText()).isEqualTo("reports");
        List<String> keyInfos = new ArrayList<>();
        header.get("encrypted_data_keys")
                .forEach(e -> keyInfos.add(new String(
                        Base64.getDecoder()
                                .decode(e.get("key_provider").get("key_info").asText()),
                        StandardCharsets.UTF_8)));
        assertThat(keyInfos).containsExactly(keyUs, keyEu); // the alias resolves to its key's ARN

        // Either key decrypts, and the required context is checked.
        for (String key : List.of(keyUs, keyEu)) {
            Path back = dir.resolve("back-" + key.substring(15, 24) + ".bin");
            r = trent(args(
                    "decrypt",
                    "-i",
                    enc,
                    "-o",
                    back,
                    "-w",
                    "key=" + key,
                    "-c",
                    "purpose=reports",
                    "dept",
                    "--metadata-output",
                    meta));
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(Files.readAllBytes(back)).isEqualTo(data);
        }
        List<String> lines = Files.readAllLines(meta);
        assertThat(lines).hasSize(3);
        assertThat(new ObjectMapper().readTree(lines.get(2)).get("mode").asText())
                .isEqualTo("decrypt");

        // The official SDK reads what the CLI wrote, and the library agrees.
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        byte[] message = Files.readAllBytes(enc);
        assertThat(AwsCrypto.standard()
                        .decryptData(
                                mpl.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder()
                                        .kmsClient(kmsEu)
                                        .kmsKeyId(keyEu)
                                        .build()),
                                message)
                        .getResult())
                .isEqualTo(data);
        assertThat(TrentCrypto.builder()
                        .build()
                        .decrypt(new KmsKeyring(kmsUs, keyUs), message)
                        .plaintext())
                .isEqualTo(data);
    }

    @Test
    void recursiveDirectoriesWithDiscoveryDecrypt() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub/deeper"));
        Map<String, byte[]> files = Map.of(
                "a.txt",
                "alpha".getBytes(StandardCharsets.UTF_8),
                "sub/b.bin",
                random(1 << 20, 2),
                "sub/deeper/empty",
                new byte[0],
                "sub/deeper/c.bin",
                random(4096 * 3, 3));
        for (var e : files.entrySet()) {
            Files.write(in.resolve(e.getKey()), e.getValue());
        }
        Path enc = dir.resolve("enc");
        Result r = trent(args(
                "encrypt",
                "-r",
                "-i",
                in,
                "-o",
                enc,
                "-w",
                "key=" + keyUs,
                "-c",
                "batch=7",
                "--caching",
                "capacity=10",
                "max_age=60",
                "--metadata-output",
                dir.resolve("enc.jsonl")));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readAllLines(dir.resolve("enc.jsonl"))).hasSize(4);

        Path out = dir.resolve("out");
        r = trent(args(
                "decrypt",
                "-r",
                "-i",
                enc,
                "-o",
                out,
                "-w",
                "discovery=true",
                "discovery-partition=aws",
                "discovery-account=" + TrentKms.ACCOUNT,
                "-c",
                "batch=7"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        for (var e : files.entrySet()) {
            assertThat(out.resolve(e.getKey() + ".encrypted.decrypted"))
                    .as(e.getKey())
                    .hasBinaryContent(e.getValue());
        }

        // A discovery filter for another account decrypts nothing and writes nothing.
        Path none = dir.resolve("none");
        r = trent(args(
                "decrypt",
                "-r",
                "-i",
                enc,
                "-o",
                none,
                "-w",
                "discovery=true",
                "discovery-partition=aws",
                "discovery-account=444455556666"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("discovery filter");
        try (Stream<Path> s = Files.walk(none)) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void standardInputAndOutput() {
        byte[] data = random(50_000, 4);
        Result enc = trent(data, args("encrypt", "-i", "-", "-o", "-", "-w", "key=" + keyEu, "-c", "pipe=yes"));
        assertThat(enc.exit()).as(enc.stderr()).isZero();
        assertThat(enc.stdout()[0]).isEqualTo((byte) 2); // message format version 2

        Result dec = trent(
                enc.stdout(),
                args("decrypt", "-i", "-", "-o", "-", "-w", "key=" + keyEu, "-c", "pipe=yes", "--buffer"));
        assertThat(dec.exit()).as(dec.stderr()).isZero();
        assertThat(dec.stdout()).isEqualTo(data);

        // Base64 both ways, metadata on stdout, plaintext to a file.
        Result b64 = trent(data, args("encrypt", "-i", "-", "-o", "-", "-w", "key=" + keyUs, "--encode"));
        assertThat(b64.exit()).as(b64.stderr()).isZero();
        assertThat(b64.out()).startsWith("AgV4");
        Path file = dir.resolve("from-stdin.bin");
        Result meta = trent(
                b64.stdout(),
                args("decrypt", "-i", "-", "-o", file, "-w", "key=" + keyUs, "--decode", "--metadata-output", "-"));
        assertThat(meta.exit()).as(meta.stderr()).isZero();
        assertThat(meta.out()).contains("\"mode\": \"decrypt\"", "\"input\": \"<stdin>\"");
        assertThat(file).hasBinaryContent(data);
    }

    @Test
    void wrongContextOrKeyFailsAndLeavesNoOutputBehind() throws Exception {
        byte[] data = random(20_000, 5);
        Path plain = dir.resolve("secret.bin");
        Files.write(plain, data);
        Path enc = dir.resolve("secret.enc");
        Result r = trent(args("encrypt", "-i", plain, "-o", enc, "-w", "key=" + keyUs, "-c", "purpose=payroll"));
        assertThat(r.exit()).as(r.stderr()).isZero();

        Path out = dir.resolve("secret.out");
        r = trent(args("decrypt", "-i", enc, "-o", out, "-w", "key=" + keyUs, "-c", "purpose=marketing"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("trent decrypt: error:", "purpose=marketing");
        assertThat(out).doesNotExist();

        r = trent(args("decrypt", "-i", enc, "-o", out, "-w", "key=" + keyUs, "-c", "tenant"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("required key tenant");
        assertThat(out).doesNotExist();

        r = trent(args("decrypt", "-i", enc, "-o", out, "-w", "key=" + keyEu));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(out).doesNotExist();

        // A tampered message: the destination that already exists is left as it was.
        Files.writeString(out, "previous contents");
        byte[] tampered = Files.readAllBytes(enc);
        tampered[tampered.length - 500] ^= 1;
        Path bad = dir.resolve("tampered.enc");
        Files.write(bad, tampered);
        r = trent(args("decrypt", "-i", bad, "-o", out, "-w", "key=" + keyUs));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(out).hasContent("previous contents");
        assertThat(strayFiles(dir, plain, enc, out, bad)).isEmpty();

        r = trent(args("decrypt", "-i", enc, "-o", out, "-w", "key=" + keyUs, "-c", "purpose=payroll"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(out).hasBinaryContent(data);

        // An alias is resolved to the key ARN (DescribeKey) before decrypting; an unknown one is a usage error.
        Path byAlias = dir.resolve("by-alias.out");
        r = trent(args("decrypt", "-i", enc, "-o", byAlias, "-w", "key=alias/cli-e2e"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(byAlias).hasBinaryContent(data);
        r = trent(args("decrypt", "-i", enc, "-o", out, "-w", "key=alias/cli-e2e-missing"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().lines()).singleElement().asString().contains("Key alias/cli-e2e-missing not found");
    }
}
