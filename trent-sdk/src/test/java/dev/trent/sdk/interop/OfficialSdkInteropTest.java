package dev.trent.sdk.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoInputStream;
import com.amazonaws.encryptionsdk.CryptoOutputStream;
import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.CommitmentPolicy;
import dev.trent.sdk.DecryptingInputStream;
import dev.trent.sdk.EncryptingOutputStream;
import dev.trent.sdk.TestKeys;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.keyring.MultiKeyring;
import dev.trent.sdk.keyring.RawAesKeyring;
import dev.trent.sdk.keyring.RawRsaKeyring;
import dev.trent.sdk.keyring.RsaPaddingScheme;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * Interoperability with the official AWS Encryption SDK for Java 3.0.2 through raw AES and raw RSA keyrings, in
 * both directions, without any server.
 */
class OfficialSdkInteropTest {
    private static final String NS = "trent-test";
    private static final String AES_NAME = "aes-key-1";
    private static final Map<String, String> EC =
            Map.of("purpose", "interop", "tenant", "t-42", "\u00e9t\u00e9", "\ud83d\ude00");
    private static final int FRAME = 1024;

    private static TrentCrypto trent(AlgorithmSuite suite, int frame) {
        return TrentCrypto.builder()
                .commitmentPolicy(
                        suite.isCommitting()
                                ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .encryptionAlgorithm(suite)
                .frameLength(frame)
                .build();
    }

    private static TrentCrypto trentDecryptor() {
        return TrentCrypto.builder()
                .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
                .build();
    }

    static Stream<Arguments> suitesAndSizes() {
        int[] sizes = {0, 1, FRAME - 1, FRAME, 3 * FRAME, 3 * FRAME + 17};
        return Arrays.stream(AlgorithmSuite.values())
                .flatMap(s -> Arrays.stream(sizes).mapToObj(n -> Arguments.of(s, n)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("suitesAndSizes")
    void rawAesBothDirections(AlgorithmSuite suite, int size) {
        byte[] plaintext = TestKeys.bytes(size, size);
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);

        byte[] fromTrent = trent(suite, FRAME).encrypt(ours, plaintext, EC).ciphertext();
        var officialResult = OfficialSdk.decryptor().decryptData(theirs, fromTrent);
        assertThat(officialResult.getResult()).isEqualTo(plaintext);
        assertThat(officialResult.getCryptoAlgorithm().name()).isEqualTo("ALG_" + suite.name());
        assertThat(officialResult.getEncryptionContext()).containsAllEntriesOf(EC);

        byte[] fromOfficial = OfficialSdk.crypto(suite, FRAME)
                .encryptData(theirs, plaintext, EC)
                .getResult();
        var ourResult = trentDecryptor().decrypt(ours, fromOfficial);
        assertThat(ourResult.plaintext()).isEqualTo(plaintext);
        assertThat(ourResult.algorithmSuite()).isEqualTo(suite);
        assertThat(ourResult.encryptionContext()).containsAllEntriesOf(EC);
    }

    @ParameterizedTest
    @EnumSource(RsaPaddingScheme.class)
    void rawRsaBothDirections(RsaPaddingScheme padding) {
        var pair = TestKeys.rsa();
        Keyring ours = new RawRsaKeyring(NS, "rsa-key-1", pair.getPublic(), pair.getPrivate(), padding);
        IKeyring theirs = OfficialSdk.rawRsa(NS, "rsa-key-1", pair, padding.name());
        for (AlgorithmSuite suite : new AlgorithmSuite[] {
            AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
            AlgorithmSuite.AES_128_GCM_IV12_TAG16_HKDF_SHA256
        }) {
            byte[] plaintext = TestKeys.bytes(5000, 7);
            byte[] fromTrent = trent(suite, FRAME).encrypt(ours, plaintext, EC).ciphertext();
            assertThat(OfficialSdk.decryptor().decryptData(theirs, fromTrent).getResult())
                    .isEqualTo(plaintext);
            byte[] fromOfficial = OfficialSdk.crypto(suite, FRAME)
                    .encryptData(theirs, plaintext, EC)
                    .getResult();
            assertThat(trentDecryptor().decrypt(ours, fromOfficial).plaintext()).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"AES_128_GCM_IV12_TAG16_NO_KDF", "AES_192_GCM_IV12_TAG16_HKDF_SHA256"})
    void rawAesWrappingKeySizes(AlgorithmSuite suite) {
        for (byte[] key : new byte[][] {TestKeys.AES_128, TestKeys.AES_192}) {
            Keyring ours = new RawAesKeyring(NS, "k" + key.length, key);
            IKeyring theirs = OfficialSdk.rawAes(NS, "k" + key.length, key);
            byte[] pt = TestKeys.bytes(100, 1);
            assertThat(OfficialSdk.decryptor()
                            .decryptData(
                                    theirs,
                                    trent(suite, FRAME).encrypt(ours, pt, EC).ciphertext())
                            .getResult())
                    .isEqualTo(pt);
            assertThat(trentDecryptor()
                            .decrypt(
                                    ours,
                                    OfficialSdk.crypto(suite, FRAME)
                                            .encryptData(theirs, pt, EC)
                                            .getResult())
                            .plaintext())
                    .isEqualTo(pt);
        }
    }

    @Test
    void multiKeyringMessagesDecryptWithEitherKey() {
        var pair = TestKeys.rsa();
        Keyring ourAes = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        Keyring ourRsa = new RawRsaKeyring(
                NS, "rsa-key-1", pair.getPublic(), pair.getPrivate(), RsaPaddingScheme.OAEP_SHA256_MGF1);
        IKeyring theirAes = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirRsa = OfficialSdk.rawRsa(NS, "rsa-key-1", pair, "OAEP_SHA256_MGF1");
        byte[] pt = TestKeys.bytes(10_000, 3);
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

        var ours = trent(suite, FRAME).encrypt(MultiKeyring.of(ourAes, ourRsa), pt, EC);
        assertThat(ours.header().encryptedDataKeys()).hasSize(2);
        assertThat(OfficialSdk.decryptor()
                        .decryptData(theirAes, ours.ciphertext())
                        .getResult())
                .isEqualTo(pt);
        assertThat(OfficialSdk.decryptor()
                        .decryptData(theirRsa, ours.ciphertext())
                        .getResult())
                .isEqualTo(pt);

        byte[] theirs = OfficialSdk.crypto(suite, FRAME)
                .encryptData(OfficialSdk.multi(theirRsa, theirAes), pt, EC)
                .getResult();
        assertThat(trentDecryptor().decrypt(ourAes, theirs).plaintext()).isEqualTo(pt);
        assertThat(trentDecryptor().decrypt(ourRsa, theirs).plaintext()).isEqualTo(pt);
        assertThat(trentDecryptor()
                        .decrypt(MultiKeyring.of(null, ourRsa, ourAes), theirs)
                        .plaintext())
                .isEqualTo(pt);
    }

    @ParameterizedTest
    @EnumSource(
            names = {
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384",
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
                "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384",
                "AES_128_GCM_IV12_TAG16_NO_KDF"
            })
    void tamperedMessagesRejectedByBoth(AlgorithmSuite suite) {
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        byte[] pt = TestKeys.bytes(3 * FRAME + 5, 11);
        byte[][] messages = {
            trent(suite, FRAME).encrypt(ours, pt, EC).ciphertext(),
            OfficialSdk.crypto(suite, FRAME).encryptData(theirs, pt, EC).getResult()
        };
        for (byte[] msg : messages) {
            // Flip one bit in several places: header, first frame, final frame, footer; and truncate.
            int[] positions = {5, msg.length / 2, msg.length - 20, msg.length - 1};
            for (int pos : positions) {
                byte[] bad = msg.clone();
                bad[pos] ^= 0x01;
                assertThatThrownBy(() -> trentDecryptor().decrypt(ours, bad)).isInstanceOf(RuntimeException.class);
                assertThatThrownBy(() -> OfficialSdk.decryptor().decryptData(theirs, bad))
                        .isInstanceOf(RuntimeException.class);
            }
            byte[] truncated = Arrays.copyOf(msg, msg.length - 1);
            assertThatThrownBy(() -> trentDecryptor().decrypt(ours, truncated)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> OfficialSdk.decryptor().decryptData(theirs, truncated))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void wrongEncryptionContextRejectedByBoth() {
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        byte[] pt = TestKeys.bytes(100, 1);
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
        Map<String, String> wrong = Map.of("purpose", "other");
        byte[] fromTrent = trent(suite, FRAME).encrypt(ours, pt, EC).ciphertext();
        byte[] fromOfficial =
                OfficialSdk.crypto(suite, FRAME).encryptData(theirs, pt, EC).getResult();
        for (byte[] msg : new byte[][] {fromTrent, fromOfficial}) {
            assertThatThrownBy(() -> trentDecryptor().decrypt(ours, msg, wrong))
                    .isInstanceOf(TrentCryptoException.class)
                    .hasMessageContaining("purpose");
            assertThatThrownBy(() -> OfficialSdk.decryptor().decryptData(theirs, msg, wrong))
                    .isInstanceOf(RuntimeException.class);
            // The right pairs are accepted by both.
            assertThat(trentDecryptor()
                            .decrypt(ours, msg, Map.of("purpose", "interop"))
                            .plaintext())
                    .isEqualTo(pt);
            assertThat(OfficialSdk.decryptor()
                            .decryptData(theirs, msg, Map.of("purpose", "interop"))
                            .getResult())
                    .isEqualTo(pt);
        }
        // A wrong wrapping key (or a tampered context, which changes the AAD of the wrapped key) fails too.
        Keyring otherKey = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_128);
        assertThatThrownBy(() -> trentDecryptor().decrypt(otherKey, fromOfficial))
                .isInstanceOf(TrentCryptoException.class);
    }

    @ParameterizedTest
    @EnumSource(
            names = {
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384",
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
                "AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256",
                "AES_192_GCM_IV12_TAG16_NO_KDF"
            })
    void nonFramedMessagesFromTheOfficialSdkDecrypt(AlgorithmSuite suite) throws IOException {
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        for (int size : new int[] {0, 1, 100_000}) {
            byte[] pt = TestKeys.bytes(size, 9);
            byte[] msg =
                    OfficialSdk.crypto(suite, 0).encryptData(theirs, pt, EC).getResult();
            var r = trentDecryptor().decrypt(ours, msg);
            assertThat(r.header().contentType()).isEqualTo(dev.trent.sdk.MessageHeader.ContentType.NON_FRAMED);
            assertThat(r.plaintext()).isEqualTo(pt);
            try (DecryptingInputStream in = trentDecryptor().decryptingStream(ours, new ByteArrayInputStream(msg))) {
                assertThat(in.readAllBytes()).isEqualTo(pt);
            }
            byte[] bad = msg.clone();
            bad[bad.length - (suite.isSigned() ? 120 : 5)] ^= 4;
            assertThatThrownBy(() -> trentDecryptor().decrypt(ours, bad)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void encryptionContextOrderingMatchesTheOfficialSdk() {
        // Keys whose UTF-16 and UTF-8 orders differ, so a wrong sort breaks the keyring AAD.
        Map<String, String> ec = Map.of("\ud83d\ude00", "smile", "\ufffd", "replacement", "z", "last-ascii");
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
        byte[] pt = TestKeys.bytes(10, 1);
        byte[] fromTrent = trent(suite, FRAME).encrypt(ours, pt, ec).ciphertext();
        assertThat(OfficialSdk.decryptor().decryptData(theirs, fromTrent).getEncryptionContext())
                .containsAllEntriesOf(ec);
        byte[] fromOfficial =
                OfficialSdk.crypto(suite, FRAME).encryptData(theirs, pt, ec).getResult();
        assertThat(trentDecryptor().decrypt(ours, fromOfficial).encryptionContext())
                .containsAllEntriesOf(ec);
        // Both produce identical header encryption-context bytes for the same context.
        var h1 = trentDecryptor().decrypt(ours, fromTrent).header().encryptionContext();
        var h2 = trentDecryptor().decrypt(ours, fromOfficial).header().encryptionContext();
        assertThat(h1.keySet().stream().filter(k -> !k.startsWith("aws-crypto")).toList())
                .isEqualTo(h2.keySet().stream()
                        .filter(k -> !k.startsWith("aws-crypto"))
                        .toList());
    }

    @Test
    void largeStreamBothDirections() throws IOException {
        long size = 24L * 1024 * 1024 + 123;
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
        Keyring ours = new RawAesKeyring(NS, AES_NAME, TestKeys.AES_256);
        IKeyring theirs = OfficialSdk.rawAes(NS, AES_NAME, TestKeys.AES_256);
        Map<String, String> ec = new HashMap<>(EC);

        // Trent encrypts (streaming) -> official decrypts (streaming).
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        MessageDigest plainDigest = sha256();
        try (EncryptingOutputStream enc =
                TrentCrypto.builder().build().encryptingStream(new DefaultCryptoMaterialsManager(ours), ct, ec, -1)) {
            copy(new DigestInputStream(new PatternStream(size), plainDigest), enc);
        }
        byte[] expected = plainDigest.digest();
        MessageDigest got = sha256();
        try (CryptoInputStream<?> dec =
                OfficialSdk.decryptor().createDecryptingStream(theirs, new ByteArrayInputStream(ct.toByteArray()))) {
            copy(dec, new DigestOutput(got));
        }
        assertThat(got.digest()).isEqualTo(expected);

        // Official encrypts (streaming) -> Trent decrypts (streaming).
        ByteArrayOutputStream ct2 = new ByteArrayOutputStream();
        AwsCrypto official = OfficialSdk.crypto(suite, 4096);
        try (CryptoOutputStream<?> enc = official.createEncryptingStream(theirs, ct2, ec)) {
            copy(new PatternStream(size), enc);
        }
        MessageDigest got2 = sha256();
        try (DecryptingInputStream dec =
                trentDecryptor().decryptingStream(ours, new ByteArrayInputStream(ct2.toByteArray()))) {
            copy(dec, new DigestOutput(got2));
            assertThat(dec.isComplete()).isTrue();
        }
        assertThat(got2.digest()).isEqualTo(expected);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[50_000];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }

    /** Deterministic pseudo-random bytes of a given length. */
    static final class PatternStream extends InputStream {
        private long remaining;
        private long state = 0x9E3779B97F4A7C15L;

        PatternStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }

    static final class DigestOutput extends OutputStream {
        private final MessageDigest md;

        DigestOutput(MessageDigest md) {
            this.md = md;
        }

        @Override
        public void write(int b) {
            md.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            md.update(b, off, len);
        }
    }
}
