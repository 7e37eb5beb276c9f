package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * {@code trent server --seed FILE}: the same keys (fixed ids and material), aliases, tags and rotation settings on
 * every start and in every fresh data directory, so a test suite's ciphertexts decrypt on every run; a bad seed file
 * is one line.
 */
class SeedingTest {
    @TempDir
    Path dir;

    static final String SEED = """
            # keys a test suite relies on
            keys:
              - KeyId: 0b0b0b0b-1111-2222-3333-444444444444
                Description: orders
                KeyMaterial: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
                Aliases: [alias/orders]
                Tags: {Team: payments}
                RotationPeriodInDays: 365
                Policy:
                  Version: "2012-10-17"
                  Statement:
                    - Sid: Enable IAM User Permissions
                      Effect: Allow
                      Principal: {AWS: "arn:aws:iam::000000000000:root"}
                      Action: "kms:*"
                      Resource: "*"
              - KeyId: 0c0c0c0c-1111-2222-3333-444444444444
                KeySpec: HMAC_256
                KeyUsage: GENERATE_VERIFY_MAC
                KeyMaterial: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
            """;

    private RunningTrent start(Path data, Path seed) {
        return new RunningTrent(
                data,
                RunningTrent.testConfig(data).withDev(true, "000000000000").toBuilder()
                        .seed(seed)
                        .build());
    }

    @Test
    void seededKeysAreTheSameOnEveryStartAndInEveryDataDirectory() throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.yaml"), SEED);
        SdkBytes blob;
        byte[] mac;
        try (RunningTrent t = start(dir.resolve("a"), seed);
                KmsClient kms = t.kms()) {
            KeyMetadata m = kms.describeKey(b -> b.keyId("alias/orders")).keyMetadata();
            assertThat(m.keyId()).isEqualTo("0b0b0b0b-1111-2222-3333-444444444444");
            assertThat(m.description()).isEqualTo("orders");
            assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(kms.getKeyRotationStatus(b -> b.keyId(m.keyId())).rotationPeriodInDays())
                    .isEqualTo(365);
            assertThat(kms.listResourceTags(b -> b.keyId(m.keyId())).tags())
                    .singleElement()
                    .satisfies(tag -> assertThat(tag.tagKey()).isEqualTo("Team"));
            assertThat(kms.getKeyPolicy(b -> b.keyId(m.keyId()).policyName("default"))
                            .policy())
                    .contains("Enable IAM User Permissions");
            blob = kms.encrypt(b -> b.keyId("alias/orders").plaintext(SdkBytes.fromUtf8String("seeded")))
                    .ciphertextBlob();
            mac = kms.generateMac(b -> b.keyId("0c0c0c0c-1111-2222-3333-444444444444")
                            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                            .message(SdkBytes.fromUtf8String("m")))
                    .mac()
                    .asByteArray();
            // again on the same data directory: nothing new, nothing changed
            t.restart();
            try (KmsClient again = t.kms()) {
                assertThat(again.listKeys(b -> {}).keys()).hasSize(2);
                assertThat(again.listAliases(b -> b.keyId("0b0b0b0b-1111-2222-3333-444444444444"))
                                .aliases())
                        .hasSize(1);
                assertThat(again.decrypt(b -> b.ciphertextBlob(blob))
                                .plaintext()
                                .asUtf8String())
                        .isEqualTo("seeded");
            }
        }
        // a fresh data directory seeded from the same file: the same material
        try (RunningTrent fresh = start(dir.resolve("b"), seed);
                KmsClient kms = fresh.kms()) {
            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String())
                    .isEqualTo("seeded");
            assertThat(kms.generateMac(b -> b.keyId("0c0c0c0c-1111-2222-3333-444444444444")
                                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                                    .message(SdkBytes.fromUtf8String("m")))
                            .mac()
                            .asByteArray())
                    .isEqualTo(mac);
        }
    }

    @Test
    void aBadSeedFileIsOneLineAndNothingStarts() throws Exception {
        Launcher.assumeBuilt();
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"),
                "keys:\n  - KeyId: 0b0b0b0b-1111-2222-3333-444444444444\n    KeyMaterial: AAAA\n");
        Processes.Result r = Launcher.run(
                dir,
                Map.of(),
                "server",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--seed",
                bad.toString());
        StartupTest.assertOneLine(
                r,
                1,
                "trent server: seed file " + bad
                        + ": keys[0].KeyMaterial: Symmetric key material must be 256 bits (32 bytes), not 3 bytes.");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "keys: [\n");
        Processes.Result y = Launcher.run(
                dir,
                Map.of(),
                "server",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data2").toString(),
                "--seed",
                broken.toString());
        assertThat(y.exitCode()).isEqualTo(1);
        assertThat(y.stderr()).startsWith("trent server: seed file " + broken + ": not valid YAML (line ");
        assertThat(y.stderr().strip()).doesNotContain("\n");
    }
}
