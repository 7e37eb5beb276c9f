package dev.trent.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoInputStream;
import com.amazonaws.encryptionsdk.CryptoOutputStream;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import dev.trent.it.RunningTrent;
import dev.trent.it.sdk.TrentKms.RequestCounter;
import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.CommitmentPolicy;
import dev.trent.sdk.DecryptOptions;
import dev.trent.sdk.DecryptResult;
import dev.trent.sdk.DecryptingInputStream;
import dev.trent.sdk.EncryptResult;
import dev.trent.sdk.EncryptingOutputStream;
import dev.trent.sdk.MessageHeader;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.caching.CachingCryptoMaterialsManager;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.keyring.KmsDiscoveryKeyring;
import dev.trent.sdk.keyring.KmsKeyring;
import dev.trent.sdk.keyring.MultiKeyring;
import dev.trent.sdk.materials.EncryptedDataKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.cryptography.materialproviders.IClientSupplier;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsDiscoveryKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsDiscoveryMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.DiscoveryFilter;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The Trent SDK and the official AWS Encryption SDK for Java 3.0.2, both with KMS keyrings whose {@link KmsClient}
 * points at real Trent servers: server A serves us-east-1, server B eu-west-1, so key ARNs name their server by
 * region and region-routing client suppliers reach the right one.
 */
class OfficialSdkKmsInteropTest {
    private static final Map<String, String> EC = Map.of("purpose", "interop", "tenant", "42");
    private static final int FRAME = 1024;
    private static final MaterialProviders MPL = MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build();

    @TempDir
    static Path dir;

    private static RunningTrent serverA;
    private static RunningTrent serverB;
    private static KmsClient kmsA;
    private static KmsClient kmsB;
    private static String keyA;
    private static String keyB;
    private static String otherKeyA;

    private final TrentCrypto trentDecryptor = TrentCrypto.builder()
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .build();
    private final AwsCrypto officialDecryptor = AwsCrypto.builder()
            .withCommitmentPolicy(com.amazonaws.encryptionsdk.CommitmentPolicy.RequireEncryptAllowDecrypt)
            .build();

    @BeforeAll
    static void start() {
        serverA = TrentKms.start(dir.resolve("a"));
        serverB = TrentKms.start(dir.resolve("b"));
        kmsA = TrentKms.client(serverA.endpoint(), Region.US_EAST_1, null);
        kmsB = TrentKms.client(serverB.endpoint(), Region.EU_WEST_1, null);
        keyA = TrentKms.createKey(kmsA, "interop A");
        otherKeyA = TrentKms.createKey(kmsA, "interop A, unrelated");
        keyB = TrentKms.createKey(kmsB, "interop B");
        assertThat(keyA).startsWith("arn:aws:kms:us-east-1:" + TrentKms.ACCOUNT + ":key/");
        assertThat(keyB).startsWith("arn:aws:kms:eu-west-1:" + TrentKms.ACCOUNT + ":key/");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {kmsA, kmsB, serverA, serverB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static IKeyring officialKms(KmsClient client, String keyArn) {
        return MPL.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder()
                .kmsClient(client)
                .kmsKeyId(keyArn)
                .build());
    }

    private static KmsClient clientFor(String region) {
        return switch (region) {
            case "us-east-1" -> kmsA;
            case "eu-west-1" -> kmsB;
            default -> throw new IllegalArgumentException("no Trent server for region " + region);
        };
    }

    private static AwsCrypto officialEncryptor(AlgorithmSuite suite, int frame) {
        return AwsCrypto.builder()
                .withCommitmentPolicy(
                        suite.isCommitting()
                                ? com.amazonaws.encryptionsdk.CommitmentPolicy.RequireEncryptRequireDecrypt
                                : com.amazonaws.encryptionsdk.CommitmentPolicy.ForbidEncryptAllowDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.valueOf("ALG_" + suite.name()))
                .withEncryptionFrameSize(frame)
                .build();
    }

    private static TrentCrypto trentEncryptor(AlgorithmSuite suite, int frame) {
        return TrentCrypto.builder()
                .commitmentPolicy(
                        suite.isCommitting()
                                ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .encryptionAlgorithm(suite)
                .frameLength(frame)
                .build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------ every suite, both ways

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void everySuiteBothWaysThroughTrentKms(AlgorithmSuite suite) {
        TrentCrypto trent = trentEncryptor(suite, FRAME);
        AwsCrypto official = officialEncryptor(suite, FRAME);
        Keyring ours = new KmsKeyring(kmsA, keyA);
        IKeyring theirs = officialKms(kmsA, keyA);
        // empty, one byte, exactly three frames, three frames and a bit
        for (int size : new int[] {0, 1, 3 * FRAME, 3 * FRAME + 17}) {
            byte[] pt = random(size, size);

            EncryptResult mine = trent.encrypt(ours, pt, EC);
            assertThat(mine.header().encryptedDataKeys().get(0).providerInfoString())
                    .isEqualTo(keyA);
            CryptoResult<byte[], ?> got = officialDecryptor.decryptData(theirs, mine.ciphertext(), EC);
            assertThat(got.getResult())
                    .as("official SDK decrypting Trent, %s, %d bytes", suite, size)
                    .isEqualTo(pt);
            assertThat(got.getCryptoAlgorithm().getValue()).isEqualTo(suite.id());
            assertThat(got.getEncryptionContext()).containsAllEntriesOf(EC);

            byte[] theirMessage = official.encryptData(theirs, pt, EC).getResult();
            DecryptResult back = trentDecryptor.decrypt(ours, theirMessage, EC);
            assertThat(back.plaintext())
                    .as("Trent decrypting the official SDK, %s, %d bytes", suite, size)
                    .isEqualTo(pt);
            assertThat(back.header().algorithmSuite()).isEqualTo(suite);
            assertThat(back.header().frameLength()).isEqualTo(FRAME);
            assertThat(back.encryptionContext()).containsAllEntriesOf(EC);
        }
    }

    // ------------------------------------------------------------------ a larger stream

    @Test
    void sixteenMebibyteStreamsBothWays() throws IOException {
        int size = 16 << 20;
        byte[] pt = random(size, 99);
        byte[] digest = sha256(pt);
        TrentCrypto trent = TrentCrypto.builder().frameLength(65536).build(); // default suite 0x0578

        ByteArrayOutputStream ct = new ByteArrayOutputStream(size + (1 << 20));
        try (EncryptingOutputStream out = trent.encryptingStream(new KmsKeyring(kmsA, keyA), ct, EC)) {
            for (int off = 0; off < size; off += 100_003) {
                out.write(pt, off, Math.min(100_003, size - off));
            }
        }
        try (CryptoInputStream<?> in = officialDecryptor.createDecryptingStream(
                officialKms(kmsA, keyA), new ByteArrayInputStream(ct.toByteArray()))) {
            assertThat(sha256(in)).isEqualTo(digest);
        }

        ByteArrayOutputStream theirs = new ByteArrayOutputStream(size + (1 << 20));
        try (CryptoOutputStream<?> out =
                AwsCrypto.standard().createEncryptingStream(officialKms(kmsB, keyB), theirs, EC)) {
            out.write(pt);
        }
        try (DecryptingInputStream in =
                trent.decryptingStream(new KmsKeyring(kmsB, keyB), new ByteArrayInputStream(theirs.toByteArray()))) {
            assertThat(in.getHeader().algorithmSuite())
                    .isEqualTo(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);
            assertThat(sha256(in)).isEqualTo(digest);
            assertThat(in.isComplete()).isTrue();
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ two servers

    @Test
    void multiKeyringMessagesWithKeysOnTwoServersDecryptWithEither() {
        byte[] pt = random(5000, 5);
        Keyring trentA = new KmsKeyring(kmsA, keyA);
        Keyring trentB = new KmsKeyring(kmsB, keyB);
        IKeyring officialA = officialKms(kmsA, keyA);
        IKeyring officialB = officialKms(kmsB, keyB);

        EncryptResult mine = TrentCrypto.builder().build().encrypt(MultiKeyring.of(trentA, trentB), pt, EC);
        assertThat(mine.header().encryptedDataKeys())
                .extracting(EncryptedDataKey::providerInfoString)
                .containsExactly(keyA, keyB);
        byte[] official = officialDecryptor
                .encryptData(
                        MPL.CreateMultiKeyring(CreateMultiKeyringInput.builder()
                                .generator(officialB)
                                .childKeyrings(List.of(officialA))
                                .build()),
                        pt,
                        EC)
                .getResult();

        for (byte[] message : List.of(mine.ciphertext(), official)) {
            assertThat(trentDecryptor.decrypt(trentA, message).plaintext()).isEqualTo(pt);
            assertThat(trentDecryptor.decrypt(trentB, message).plaintext()).isEqualTo(pt);
            assertThat(officialDecryptor.decryptData(officialA, message).getResult())
                    .isEqualTo(pt);
            assertThat(officialDecryptor.decryptData(officialB, message).getResult())
                    .isEqualTo(pt);
            // A keyring for a key that protects nothing in the message fails on both sides.
            assertThatThrownBy(() -> trentDecryptor.decrypt(new KmsKeyring(kmsA, otherKeyA), message))
                    .isInstanceOf(CannotUnwrapDataKeyException.class);
            assertThatThrownBy(() -> officialDecryptor.decryptData(officialKms(kmsA, otherKeyA), message))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void discoveryKeyringsHonourTheAccountAllowList() {
        byte[] pt = random(777, 6);
        byte[] mine = TrentCrypto.builder()
                .build()
                .encrypt(MultiKeyring.of(new KmsKeyring(kmsA, keyA), new KmsKeyring(kmsB, keyB)), pt, EC)
                .ciphertext();
        byte[] onlyB =
                officialDecryptor.encryptData(officialKms(kmsB, keyB), pt, EC).getResult();
        Function<String, KmsClient> byRegion = OfficialSdkKmsInteropTest::clientFor;

        Keyring trentAllowed = KmsDiscoveryKeyring.builder()
                .clientSupplier(byRegion)
                .discoveryFilter("aws", Set.of(TrentKms.ACCOUNT))
                .build();
        Keyring trentOtherAccount = KmsDiscoveryKeyring.builder()
                .clientSupplier(byRegion)
                .discoveryFilter("aws", Set.of("444455556666"))
                .build();
        Keyring trentOtherPartition = KmsDiscoveryKeyring.builder()
                .clientSupplier(byRegion)
                .discoveryFilter("aws-cn", Set.of(TrentKms.ACCOUNT))
                .build();
        IClientSupplier supplier = input -> clientFor(input.region());
        IKeyring officialAllowed =
                MPL.CreateAwsKmsDiscoveryMultiKeyring(CreateAwsKmsDiscoveryMultiKeyringInput.builder()
                        .regions(List.of("us-east-1", "eu-west-1"))
                        .clientSupplier(supplier)
                        .discoveryFilter(DiscoveryFilter.builder()
                                .partition("aws")
                                .accountIds(List.of(TrentKms.ACCOUNT))
                                .build())
                        .build());
        IKeyring officialOtherAccount =
                MPL.CreateAwsKmsDiscoveryMultiKeyring(CreateAwsKmsDiscoveryMultiKeyringInput.builder()
                        .regions(List.of("us-east-1", "eu-west-1"))
                        .clientSupplier(supplier)
                        .discoveryFilter(DiscoveryFilter.builder()
                                .partition("aws")
                                .accountIds(List.of("444455556666"))
                                .build())
                        .build());
        // A single-client discovery keyring on server B: it is also offered the us-east-1 key ARN, which Trent must
        // refuse as a key of another Region, and then succeeds with the eu-west-1 copy.
        IKeyring officialOnB = MPL.CreateAwsKmsDiscoveryKeyring(CreateAwsKmsDiscoveryKeyringInput.builder()
                .kmsClient(kmsB)
                .discoveryFilter(DiscoveryFilter.builder()
                        .partition("aws")
                        .accountIds(List.of(TrentKms.ACCOUNT))
                        .build())
                .build());

        for (byte[] message : List.of(mine, onlyB)) {
            assertThat(trentDecryptor.decrypt(trentAllowed, message).plaintext())
                    .isEqualTo(pt);
            assertThat(officialDecryptor.decryptData(officialAllowed, message).getResult())
                    .isEqualTo(pt);
            assertThat(officialDecryptor.decryptData(officialOnB, message).getResult())
                    .isEqualTo(pt);
            for (Keyring refused : List.of(trentOtherAccount, trentOtherPartition)) {
                assertThatThrownBy(() -> trentDecryptor.decrypt(refused, message))
                        .isInstanceOf(CannotUnwrapDataKeyException.class)
                        .hasMessageContaining("discovery filter");
            }
            assertThatThrownBy(() -> officialDecryptor.decryptData(officialOtherAccount, message))
                    .isInstanceOf(RuntimeException.class);
        }
        // Trent's discovery keyring with one client for server B and the us-east-1 copy first: B refuses that
        // ARN (another Region), the keyring carries on with the eu-west-1 copy.
        Keyring trentOnB = KmsDiscoveryKeyring.builder()
                .client(kmsB)
                .discoveryFilter("aws", Set.of(TrentKms.ACCOUNT))
                .build();
        assertThat(trentDecryptor.decrypt(trentOnB, mine).plaintext()).isEqualTo(pt);
        Keyring trentOnA = KmsDiscoveryKeyring.builder().client(kmsA).build();
        assertThatThrownBy(() -> trentDecryptor.decrypt(trentOnA, onlyB))
                .isInstanceOf(CannotUnwrapDataKeyException.class);
    }

    // ------------------------------------------------------------------ tampering and wrong contexts

    @Test
    void tamperedMessagesAreRejectedByBothSdks() {
        byte[] pt = random(2 * FRAME + 300, 7);
        byte[] mine = trentEncryptor(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, FRAME)
                .encrypt(new KmsKeyring(kmsA, keyA), pt, EC)
                .ciphertext();
        byte[] theirs = officialEncryptor(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, FRAME)
                .encryptData(officialKms(kmsA, keyA), pt, EC)
                .getResult();
        Keyring ours = new KmsKeyring(kmsA, keyA);
        IKeyring official = officialKms(kmsA, keyA);
        for (byte[] message : List.of(mine, theirs)) {
            MessageHeader h = trentDecryptor.decrypt(ours, message).header();
            int ecAt = indexOf(message, "interop".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int edkAt = indexOf(message, h.encryptedDataKeys().get(0).ciphertext());
            assertThat(ecAt).isPositive();
            assertThat(edkAt).isPositive();
            int bodyAt = message.length - 300; // inside the final frame of the body
            List<byte[]> bad = List.of(
                    flip(message, ecAt), // encryption context: KMS Decrypt and the header tag fail
                    flip(message, edkAt + 40), // encrypted data key: KMS Decrypt fails
                    flip(message, 3), // message id: commitment / header tag fail
                    flip(message, bodyAt), // a frame: its GCM tag fails
                    flip(message, message.length - 1), // the signature
                    Arrays.copyOf(message, message.length - 40), // truncated
                    Arrays.copyOf(message, message.length + 1)); // trailing byte
            for (int i = 0; i < bad.size(); i++) {
                byte[] m = bad.get(i);
                assertThatThrownBy(() -> trentDecryptor.decrypt(ours, m))
                        .as("Trent, tampering %d", i)
                        .isInstanceOf(RuntimeException.class)
                        .isNotInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> officialDecryptor.decryptData(official, m))
                        .as("official SDK, tampering %d", i)
                        .isInstanceOf(RuntimeException.class)
                        .isNotInstanceOf(NullPointerException.class);
            }
        }
    }

    @Test
    void wrongEncryptionContextIsRejectedByBothSdksAndByTrentKms() {
        byte[] pt = random(100, 8);
        byte[] mine = TrentCrypto.builder()
                .build()
                .encrypt(new KmsKeyring(kmsA, keyA), pt, EC)
                .ciphertext();
        byte[] theirs =
                officialDecryptor.encryptData(officialKms(kmsA, keyA), pt, EC).getResult();
        Map<String, String> wrongValue = Map.of("purpose", "something-else");
        Map<String, String> missingKey = Map.of("purpose", "interop", "region", "eu");
        for (byte[] message : List.of(mine, theirs)) {
            for (Map<String, String> wrong : List.of(wrongValue, missingKey)) {
                assertThatThrownBy(() -> trentDecryptor.decrypt(new KmsKeyring(kmsA, keyA), message, wrong))
                        .hasMessageContaining("Encryption context");
                assertThatThrownBy(() -> officialDecryptor.decryptData(officialKms(kmsA, keyA), message, wrong))
                        .isInstanceOf(RuntimeException.class);
            }
            assertThat(trentDecryptor
                            .decrypt(new KmsKeyring(kmsA, keyA), message, Map.of("tenant", "42"))
                            .plaintext())
                    .isEqualTo(pt);
            assertThat(officialDecryptor
                            .decryptData(officialKms(kmsA, keyA), message, Map.of("tenant", "42"))
                            .getResult())
                    .isEqualTo(pt);

            // Trent's KMS binds the data key to the encryption context: Decrypt of the EDK with another context fails.
            MessageHeader h =
                    trentDecryptor.decrypt(new KmsKeyring(kmsA, keyA), message).header();
            byte[] edk = h.encryptedDataKeys().get(0).ciphertext();
            Map<String, String> stored = h.encryptionContext();
            assertThat(kmsA.decrypt(b -> b.keyId(keyA)
                                    .ciphertextBlob(SdkBytes.fromByteArray(edk))
                                    .encryptionContext(stored))
                            .plaintext()
                            .asByteArray())
                    .hasSize(32);
            assertThatThrownBy(() -> kmsA.decrypt(b -> b.keyId(keyA)
                            .ciphertextBlob(SdkBytes.fromByteArray(edk))
                            .encryptionContext(EC))) // without aws-crypto-public-key
                    .isInstanceOf(InvalidCiphertextException.class);
        }
    }

    private static byte[] flip(byte[] m, int at) {
        byte[] c = m.clone();
        c[at] ^= 0x01;
        return c;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ caching

    @Test
    void cachingMaterialsManagersCutTrentKmsCalls() {
        RequestCounter counter = new RequestCounter();
        try (KmsClient counted = TrentKms.client(serverA.endpoint(), Region.US_EAST_1, counter)) {
            Keyring keyring = new KmsKeyring(counted, keyA);
            TrentCrypto crypto = TrentCrypto.builder().build();
            byte[] pt = random(1000, 9);
            for (int i = 0; i < 10; i++) {
                crypto.encrypt(keyring, pt, EC);
            }
            assertThat(counter.get("GenerateDataKey")).as(counter.toString()).isEqualTo(10);

            counter.reset();
            CachingCryptoMaterialsManager cmm = CachingCryptoMaterialsManager.builder()
                    .keyring(keyring)
                    .maxAge(Duration.ofMinutes(5))
                    .maxMessagesEncrypted(4)
                    .capacity(10)
                    .build();
            byte[][] messages = new byte[10][];
            for (int i = 0; i < 10; i++) {
                messages[i] = crypto.encrypt(cmm, pt, EC).ciphertext();
            }
            assertThat(counter.get("GenerateDataKey")).as(counter.toString()).isEqualTo(3); // ceil(10 / 4)
            // Messages sharing a cached data key are ordinary messages to the official SDK.
            assertThat(officialDecryptor
                            .decryptData(officialKms(kmsA, keyA), messages[9], EC)
                            .getResult())
                    .isEqualTo(pt);

            counter.reset();
            CachingCryptoMaterialsManager dcmm = CachingCryptoMaterialsManager.builder()
                    .keyring(keyring)
                    .maxAge(Duration.ofMinutes(5))
                    .capacity(10)
                    .build();
            for (int round = 0; round < 3; round++) {
                for (byte[] m : messages) {
                    assertThat(crypto.decrypt(dcmm, m, DecryptOptions.defaults())
                                    .plaintext())
                            .isEqualTo(pt);
                }
            }
            // The ten messages carry three distinct data keys (cached encryption materials keep their signing key
            // too, so the encryption contexts match as well): 3 Decrypt calls for 30 decryptions.
            assertThat(counter.get("Decrypt")).as(counter.toString()).isEqualTo(3);

            // The official SDK's own caching CMM over its KMS master key provider (AWS SDK v2), pointed at Trent.
            counter.reset();
            KmsMasterKeyProvider mkp = KmsMasterKeyProvider.builder()
                    .customRegionalClientSupplier(region -> counted)
                    .buildStrict(keyA);
            com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager officialCmm =
                    com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager.newBuilder()
                            .withMasterKeyProvider(mkp)
                            .withCache(new com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache(10))
                            .withMaxAge(5, TimeUnit.MINUTES)
                            .withMessageUseLimit(4)
                            .build();
            byte[] last = null;
            for (int i = 0; i < 10; i++) {
                last = AwsCrypto.standard().encryptData(officialCmm, pt, EC).getResult();
            }
            assertThat(counter.get("GenerateDataKey")).as(counter.toString()).isEqualTo(3);
            assertThat(crypto.decrypt(keyring, last, EC).plaintext()).isEqualTo(pt);
        }
    }
}
