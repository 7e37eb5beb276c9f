package dev.trent.cli.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.sdk.CommitmentPolicy;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.RawAesKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CryptoCommandsTest {
    @TempDir
    Path dir;

    Path keyFile;
    byte[] key = new byte[32];
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        new Random(1).nextBytes(key);
        keyFile = dir.resolve("aes.key");
        Files.write(keyFile, key);
    }

    int run(CryptoCommand cmd, byte[] stdin, String... args) {
        out.reset();
        err.reset();
        cmd.withStreams(new ByteArrayInputStream(stdin), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(cmd).setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    int run(CryptoCommand cmd, String... args) {
        return run(cmd, new byte[0], args);
    }

    String[] keyArgs() {
        return new String[] {"-w", "provider=raw-aes", "key=" + keyFile, "name=test-key"};
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void encryptsAndDecryptsFilesWithMetadata() throws Exception {
        byte[] data = new byte[100_000];
        new Random(2).nextBytes(data);
        Path plain = dir.resolve("data.bin");
        Files.write(plain, data);
        Path meta = dir.resolve("meta.jsonl");
        int rc = run(
                new EncryptCommand(),
                concat(
                        new String[] {
                            "-i",
                            plain.toString(),
                            "-o",
                            dir.toString(),
                            "-c",
                            "purpose=test",
                            "dept=eng",
                            "--metadata-output",
                            meta.toString(),
                            "--frame-length",
                            "1000"
                        },
                        keyArgs()));
        assertThat(rc).as(stderr()).isZero();
        Path enc = dir.resolve("data.bin.encrypted");
        assertThat(enc).exists();
        String line = Files.readAllLines(meta).get(0);
        assertThat(line)
                .contains(
                        "\"mode\": \"encrypt\"",
                        "\"purpose\": \"test\"",
                        "\"frame_length\": 1000",
                        "\"algorithm\": \"AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384\"",
                        "\"provider_id\": \"trent-raw-aes\"",
                        "\"version\": \"2.0\"");

        // The library decrypts what the CLI wrote.
        var keyring = new RawAesKeyring("trent-raw-aes", "test-key", key);
        assertThat(TrentCrypto.builder()
                        .build()
                        .decrypt(keyring, Files.readAllBytes(enc), Map.of("purpose", "test"))
                        .plaintext())
                .isEqualTo(data);

        Path back = dir.resolve("back.bin");
        rc = run(
                new DecryptCommand(),
                concat(
                        new String[] {
                            "-i",
                            enc.toString(),
                            "-o",
                            back.toString(),
                            "-c",
                            "purpose=test",
                            "dept",
                            "--metadata-output",
                            meta.toString()
                        },
                        keyArgs()));
        assertThat(rc).as(stderr()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThat(Files.readAllLines(meta)).hasSize(2).last().asString().contains("\"mode\": \"decrypt\"");
    }

    @Test
    void failuresLeaveNoOutputBehind() throws Exception {
        Path plain = dir.resolve("a.txt");
        Files.writeString(plain, "hello ".repeat(10_000));
        Path enc = dir.resolve("a.enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", plain.toString(), "-o", enc.toString(), "-c", "k=v"}, keyArgs())))
                .isZero();

        Path out1 = dir.resolve("out1.txt");
        assertThat(run(
                        new DecryptCommand(),
                        concat(new String[] {"-i", enc.toString(), "-o", out1.toString(), "-c", "k=other"}, keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("trent decrypt: error:", "required pair k=other");
        assertThat(out1).doesNotExist();

        byte[] bad = Files.readAllBytes(enc);
        bad[bad.length - 30] ^= 1;
        Path tampered = dir.resolve("tampered.enc");
        Files.write(tampered, bad);
        Path out2 = dir.resolve("out2.txt");
        assertThat(run(
                        new DecryptCommand(),
                        concat(new String[] {"-i", tampered.toString(), "-o", out2.toString()}, keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("error");
        assertThat(out2).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }

        // An existing output file survives a failed run untouched.
        Files.writeString(out2, "previous");
        assertThat(run(
                        new DecryptCommand(),
                        concat(new String[] {"-i", tampered.toString(), "-o", out2.toString()}, keyArgs())))
                .isEqualTo(1);
        assertThat(Files.readString(out2)).isEqualTo("previous");
    }

    @Test
    void streamsThroughStdinAndStdout() {
        byte[] data = "streamed through pipes".repeat(1000).getBytes(StandardCharsets.UTF_8);
        assertThat(run(new EncryptCommand(), data, concat(new String[] {"-i", "-", "-o", "-"}, keyArgs())))
                .isZero();
        byte[] ct = out.toByteArray();
        assertThat(run(new DecryptCommand(), ct, concat(new String[] {"-i", "-", "-o", "-", "--buffer"}, keyArgs())))
                .isZero();
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(run(new DecryptCommand(), ct, concat(new String[] {"-i", "-", "-o", "-"}, keyArgs())))
                .isZero();
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void base64EncodeAndDecode() {
        byte[] data = "base64 please".getBytes(StandardCharsets.UTF_8);
        assertThat(run(new EncryptCommand(), data, concat(new String[] {"-i", "-", "-o", "-", "--encode"}, keyArgs())))
                .isZero();
        byte[] b64 = out.toByteArray();
        assertThat(new String(b64, StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/=]+");
        assertThat(run(new DecryptCommand(), b64, concat(new String[] {"-i", "-", "-o", "-"}, keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("base64");
        assertThat(run(new DecryptCommand(), b64, concat(new String[] {"-i", "-", "-o", "-", "--decode"}, keyArgs())))
                .isZero();
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void recursiveDirectories() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("one.txt"), "one");
        Files.writeString(src.resolve("sub/two.txt"), "two");
        Path enc = dir.resolve("enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(
                                new String[] {
                                    "-i",
                                    src.toString(),
                                    "-o",
                                    enc.toString(),
                                    "-r",
                                    "--caching",
                                    "capacity=10",
                                    "max_age=60",
                                    "max_messages_encrypted=10"
                                },
                                keyArgs())))
                .as(stderr())
                .isZero();
        assertThat(enc.resolve("one.txt.encrypted")).exists();
        assertThat(enc.resolve("sub/two.txt.encrypted")).exists();
        Path dec = dir.resolve("dec");
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {"-i", enc.toString(), "-o", dec.toString(), "-r", "--suffix", ""},
                                keyArgs())))
                .as(stderr())
                .isZero();
        assertThat(Files.readString(dec.resolve("one.txt.encrypted"))).isEqualTo("one");
        assertThat(Files.readString(dec.resolve("sub/two.txt.encrypted"))).isEqualTo("two");
        // Without --recursive a directory is refused.
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", src.toString(), "-o", enc.toString()}, keyArgs())))
                .isEqualTo(2);
        assertThat(stderr()).contains("--recursive");
    }

    @Test
    void progressBarAndNoOverwrite() throws Exception {
        Path plain = dir.resolve("big.bin");
        Files.write(plain, new byte[3 * 1024 * 1024]);
        Path enc = dir.resolve("big.enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", plain.toString(), "-o", enc.toString(), "--progress"}, keyArgs())))
                .isZero();
        assertThat(stderr()).contains("encrypt big.bin [", "100%", "MiB/s");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", plain.toString(), "-o", enc.toString()}, keyArgs())))
                .isZero();
        assertThat(stderr()).doesNotContain("MiB/s"); // stderr is not a terminal here
        byte[] before = Files.readAllBytes(enc);
        assertThat(run(
                        new EncryptCommand(),
                        concat(
                                new String[] {"-i", plain.toString(), "-o", enc.toString(), "--no-overwrite"},
                                keyArgs())))
                .isZero();
        assertThat(stderr()).contains("skipping");
        assertThat(Files.readAllBytes(enc)).isEqualTo(before);
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "x");
        assertThat(run(new EncryptCommand(), "-i", plain.toString(), "-o", "-")).isEqualTo(2);
        assertThat(stderr()).contains("--wrapping-keys");
        assertThat(run(new EncryptCommand(), "-i", plain.toString(), "-o", "-", "-w", "bogus=1"))
                .isEqualTo(2);
        assertThat(stderr()).contains("Unknown --wrapping-keys attribute 'bogus'");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", dir.resolve("missing").toString(), "-o", "-"}, keyArgs())))
                .isEqualTo(2);
        assertThat(stderr()).contains("does not exist");
        assertThat(run(
                        new EncryptCommand(),
                        concat(
                                new String[] {
                                    "-i", plain.toString(), "-o", "-", "--algorithm", "AES_256_GCM_IV12_TAG16_NO_KDF"
                                },
                                keyArgs())))
                .isEqualTo(2);
        assertThat(stderr()).contains("commitment policy");
        DecryptCommand noRegion = new DecryptCommand();
        noRegion.withEnvironment(
                Map.of("AWS_CONFIG_FILE", dir.resolve("no-config").toString()));
        assertThat(run(noRegion, "-i", plain.toString(), "-o", "-", "-w", "key=alias/no-region-for-this"))
                .isEqualTo(2);
        assertThat(stderr()).contains("No AWS region for key alias/no-region-for-this");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", plain.toString(), "-o", "-", "--caching", "capacity=3"}, keyArgs())))
                .isEqualTo(2);
        assertThat(stderr()).contains("max_age");
    }

    @Test
    void legacySuitesAndCommitmentPolicyFlags() throws Exception {
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "legacy");
        Path enc = dir.resolve("p.enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(
                                new String[] {
                                    "-i",
                                    plain.toString(),
                                    "-o",
                                    enc.toString(),
                                    "--commitment-policy",
                                    "forbid-encrypt-allow-decrypt",
                                    "--algorithm",
                                    "0x0178"
                                },
                                keyArgs())))
                .as(stderr())
                .isZero();
        Path dec = dir.resolve("p.dec");
        assertThat(run(
                        new DecryptCommand(),
                        concat(new String[] {"-i", enc.toString(), "-o", dec.toString()}, keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("commitment policy");
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {
                                    "-i",
                                    enc.toString(),
                                    "-o",
                                    dec.toString(),
                                    "--commitment-policy",
                                    "require-encrypt-allow-decrypt"
                                },
                                keyArgs())))
                .isZero();
        assertThat(Files.readString(dec)).isEqualTo("legacy");
        assertThat(CommitmentPolicy.parse("RequireEncryptAllowDecrypt"))
                .isEqualTo(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
    }

    @Test
    void maxEncryptedDataKeysFlag() throws Exception {
        Path key2 = dir.resolve("k2");
        Files.write(key2, new byte[16]);
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "two keys");
        Path enc = dir.resolve("p.enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(new String[] {"-i", plain.toString(), "-o", enc.toString()}, keyArgs(), new String[] {
                            "-w", "provider=raw-aes", "key=" + key2, "name=second"
                        })))
                .as(stderr())
                .isZero();
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {"-i", enc.toString(), "-o", "-", "--max-encrypted-data-keys", "1"},
                                keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("maximum of 1");
        assertThat(run(
                        new DecryptCommand(),
                        "-i",
                        enc.toString(),
                        "-o",
                        "-",
                        "-w",
                        "provider=raw-aes",
                        "key=" + key2,
                        "name=second"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("two keys");
    }

    @Test
    void maxLengthRefusesLargerFramesAndLeavesNoOutput() throws Exception {
        Path plain = dir.resolve("frames.bin");
        Files.write(plain, new byte[300_000]);
        Path enc = dir.resolve("frames.enc");
        assertThat(run(
                        new EncryptCommand(),
                        concat(
                                new String[] {"-i", plain.toString(), "-o", enc.toString(), "--frame-length", "131072"},
                                keyArgs())))
                .as(stderr())
                .isZero();
        Path back = dir.resolve("frames.out");
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {"-i", enc.toString(), "-o", back.toString(), "--max-length", "131071"},
                                keyArgs())))
                .isEqualTo(1);
        assertThat(stderr()).contains("frame length 131072 exceeds the configured maximum of 131071");
        assertThat(back).doesNotExist();
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {"-i", enc.toString(), "-o", back.toString(), "--max-length", "0"},
                                keyArgs())))
                .isEqualTo(2);
        assertThat(run(
                        new DecryptCommand(),
                        concat(
                                new String[] {"-i", enc.toString(), "-o", back.toString(), "--max-length", "131072"},
                                keyArgs())))
                .as(stderr())
                .isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(plain));
    }
}
