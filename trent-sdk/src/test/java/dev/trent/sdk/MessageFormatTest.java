package dev.trent.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.keyring.MultiKeyring;
import dev.trent.sdk.keyring.RawAesKeyring;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageFormatTest {
    private final Keyring keyring = new RawAesKeyring("ns", "name", TestKeys.AES_256);

    private static TrentCrypto client(AlgorithmSuite suite, int frame) {
        return TrentCrypto.builder()
                .commitmentPolicy(
                        suite.isCommitting()
                                ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .encryptionAlgorithm(suite)
                .frameLength(frame)
                .build();
    }

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void roundTripAllSizesByteArrayAndStream(AlgorithmSuite suite) throws IOException {
        TrentCrypto c = client(suite, 64);
        for (int n : new int[] {0, 1, 63, 64, 65, 128, 1000}) {
            byte[] pt = TestKeys.bytes(n, n);
            byte[] ct = c.encrypt(keyring, pt, Map.of("a", "b")).ciphertext();
            assertThat(c.decrypt(keyring, ct).plaintext()).isEqualTo(pt);
            // Streaming, written one byte at a time, read back in odd-sized chunks.
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (EncryptingOutputStream out = c.encryptingStream(keyring, bos, Map.of())) {
                for (byte b : pt) {
                    out.write(b);
                }
            }
            try (DecryptingInputStream in = c.decryptingStream(keyring, new ByteArrayInputStream(bos.toByteArray()))) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[7];
                int k;
                while ((k = in.read(buf)) >= 0) {
                    got.write(buf, 0, k);
                }
                assertThat(got.toByteArray()).isEqualTo(pt);
                assertThat(in.isComplete()).isTrue();
            }
        }
    }

    @Test
    void headerLayoutAndFrameIvsFollowTheSpec() {
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        byte[] pt = TestKeys.bytes(200, 1);
        EncryptResult r = client(suite, 100).encrypt(keyring, pt, Map.of("k", "v"));
        ByteBuffer b = ByteBuffer.wrap(r.ciphertext());
        assertThat(b.get()).isEqualTo((byte) 2);
        assertThat(b.getShort()).isEqualTo((short) 0x0478);
        byte[] id = new byte[32];
        b.get(id);
        assertThat(id).isEqualTo(r.header().messageId());
        assertThat(b.getShort()).isEqualTo((short) 8); // ec length: count(2) + 2 + 1 + 2 + 1
        b.position(b.position() + 8);
        assertThat(b.getShort()).isEqualTo((short) 1); // one EDK
        int idLen = b.getShort();
        b.position(b.position() + idLen);
        int infoLen = b.getShort();
        b.position(b.position() + infoLen);
        int ctLen = b.getShort();
        b.position(b.position() + ctLen);
        assertThat(b.get()).isEqualTo((byte) 2); // framed
        assertThat(b.getInt()).isEqualTo(100);
        b.position(b.position() + 32 + 16); // commit key, header tag
        // 200 bytes with frame length 100: one regular frame, then a full-length final frame.
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(Arrays.copyOfRange(r.ciphertext(), b.position(), b.position() + 12))
                .isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        b.position(b.position() + 12 + 100 + 16);
        assertThat(b.getInt()).isEqualTo(-1);
        assertThat(b.getInt()).isEqualTo(2);
        b.position(b.position() + 12);
        assertThat(b.getInt()).isEqualTo(100);
        b.position(b.position() + 100 + 16);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void signedMessagesCarryThePublicKeyAndAFooter() {
        EncryptResult r = TrentCrypto.builder().build().encrypt(keyring, new byte[10], Map.of("x", "y"));
        assertThat(r.header().algorithmSuite()).isEqualTo(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);
        String pk = r.header().encryptionContext().get(DefaultCryptoMaterialsManager.PUBLIC_KEY_FIELD);
        assertThat(Base64.getDecoder().decode(pk))
                .hasSize(49)
                .satisfies(b -> assertThat(b[0]).isIn((byte) 2, (byte) 3));
    }

    @Test
    void signedStreamWithholdsFinalFrameUntilSignatureVerifies() throws IOException {
        TrentCrypto c = TrentCrypto.builder().frameLength(100).build();
        byte[] pt = TestKeys.bytes(450, 5);
        byte[] ct = c.encrypt(keyring, pt, Map.of()).ciphertext();
        ct[ct.length - 3] ^= 1; // corrupt the signature
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (DecryptingInputStream in = c.decryptingStream(keyring, new ByteArrayInputStream(ct))) {
            byte[] buf = new byte[10];
            assertThatThrownBy(() -> {
                        int k;
                        while ((k = in.read(buf)) >= 0) {
                            got.write(buf, 0, k);
                        }
                    })
                    .isInstanceOf(BadCiphertextException.class)
                    .hasMessageContaining("signature");
            assertThat(in.isComplete()).isFalse();
        }
        // Four regular frames were authenticated and released; the final frame (50 bytes) never was.
        assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(pt, 400));
        assertThatThrownBy(() -> c.decrypt(keyring, ct)).isInstanceOf(BadCiphertextException.class);
    }

    @ParameterizedTest
    @EnumSource(
            names = {
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384",
                "AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256",
                "AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384"
            })
    void largeSignedMessagesHashOnAHelperThreadAndStillVerify(AlgorithmSuite suite) {
        TrentCrypto c = client(suite, 4096);
        byte[] pt = TestKeys.bytes(3 * 1024 * 1024 + 5, 77);
        byte[] ct = c.encrypt(keyring, pt, Map.of("big", "yes")).ciphertext();
        assertThat(c.decrypt(keyring, ct).plaintext()).isEqualTo(pt);
        byte[] badSig = ct.clone();
        badSig[badSig.length - 10] ^= 0x40;
        assertThatThrownBy(() -> c.decrypt(keyring, badSig))
                .isInstanceOf(BadCiphertextException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void unsignedOnlyRejectsSignedMessages() {
        TrentCrypto c = TrentCrypto.builder().build();
        byte[] ct = c.encrypt(keyring, new byte[5], Map.of()).ciphertext();
        var cmm = new DefaultCryptoMaterialsManager(keyring);
        assertThatThrownBy(() -> c.decryptingStream(
                        cmm,
                        new ByteArrayInputStream(ct),
                        DecryptOptions.defaults().withUnsignedOnly(true)))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("signed");
        TrentCrypto unsigned = client(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 4096);
        byte[] ct2 = unsigned.encrypt(keyring, new byte[5], Map.of()).ciphertext();
        assertThat(unsigned.decrypt(cmm, ct2, DecryptOptions.defaults().withUnsignedOnly(true))
                        .plaintext())
                .hasSize(5);
    }

    @Test
    void commitmentPolicyIsEnforced() {
        byte[] legacy = client(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, 4096)
                .encrypt(keyring, new byte[3], Map.of())
                .ciphertext();
        assertThatThrownBy(() -> TrentCrypto.builder().build().decrypt(keyring, legacy))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("commitment policy");
        assertThat(TrentCrypto.builder()
                        .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
                        .build()
                        .decrypt(keyring, legacy)
                        .plaintext())
                .hasSize(3);
        assertThatThrownBy(() -> TrentCrypto.builder()
                        .encryptionAlgorithm(AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        EncryptResult forbid = TrentCrypto.builder()
                .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .build()
                .encrypt(keyring, new byte[1], Map.of());
        assertThat(forbid.header().algorithmSuite())
                .isEqualTo(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384);
        assertThat(forbid.header().version()).isEqualTo(1);
    }

    @Test
    void maxEncryptedDataKeysLimitsEncryptAndDecrypt() {
        Keyring k2 = new RawAesKeyring("ns", "two", TestKeys.AES_128);
        Keyring k3 = new RawAesKeyring("ns", "three", TestKeys.AES_192);
        Keyring multi = MultiKeyring.of(keyring, k2, k3);
        assertThatThrownBy(() ->
                        TrentCrypto.builder().maxEncryptedDataKeys(2).build().encrypt(multi, new byte[1], Map.of()))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("maximum of 2");
        byte[] ct = TrentCrypto.builder()
                .maxEncryptedDataKeys(3)
                .build()
                .encrypt(multi, new byte[1], Map.of())
                .ciphertext();
        CountingKeyring counting = new CountingKeyring(keyring);
        assertThatThrownBy(() ->
                        TrentCrypto.builder().maxEncryptedDataKeys(2).build().decrypt(counting, ct))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("3 encrypted data keys");
        assertThat(counting.decrypts.get()).isZero();
        assertThat(TrentCrypto.builder()
                        .maxEncryptedDataKeys(3)
                        .build()
                        .decrypt(k3, ct)
                        .plaintext())
                .hasSize(1);
    }

    @Test
    void malformedInputsGiveClearErrors() {
        TrentCrypto c = TrentCrypto.builder().build();
        byte[] ct = c.encrypt(keyring, new byte[50], Map.of()).ciphertext();
        byte[] b64 = Base64.getEncoder().encode(ct);
        assertThatThrownBy(() -> c.decrypt(keyring, b64))
                .isInstanceOf(BadCiphertextException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> c.decrypt(keyring, "hello world".getBytes()))
                .isInstanceOf(BadCiphertextException.class);
        assertThatThrownBy(() -> c.decrypt(keyring, new byte[0])).isInstanceOf(BadCiphertextException.class);
        byte[] trailing = Arrays.copyOf(ct, ct.length + 1);
        assertThatThrownBy(() -> c.decrypt(keyring, trailing))
                .isInstanceOf(BadCiphertextException.class)
                .hasMessageContaining("after the end");
        for (int cut : new int[] {10, 100, ct.length - 1}) {
            byte[] truncated = Arrays.copyOf(ct, cut);
            assertThatThrownBy(() -> c.decrypt(keyring, truncated)).isInstanceOf(BadCiphertextException.class);
        }
        assertThatThrownBy(() -> c.decrypt(new RawAesKeyring("ns", "name", TestKeys.AES_128), ct))
                .isInstanceOf(CannotUnwrapDataKeyException.class);
        assertThatThrownBy(() -> c.decrypt(new RawAesKeyring("ns", "other", TestKeys.AES_256), ct))
                .isInstanceOf(CannotUnwrapDataKeyException.class);
    }

    @Test
    void reservedEncryptionContextKeysAreRejected() {
        assertThatThrownBy(() -> TrentCrypto.builder()
                        .build()
                        .encrypt(keyring, new byte[1], Map.of("aws-crypto-public-key", "x")))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> TrentCrypto.builder().build().encrypt(keyring, new byte[1], Map.of("", "x")))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> TrentCrypto.builder().build().encrypt(keyring, new byte[1], Map.of("k", "")))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("between 1 and");
    }

    @Test
    void plaintextLengthBoundIsEnforced() throws IOException {
        TrentCrypto c = TrentCrypto.builder().build();
        EncryptingOutputStream out = c.encryptingStream(
                new DefaultCryptoMaterialsManager(keyring), new ByteArrayOutputStream(), Map.of(), 10);
        out.write(new byte[10]);
        assertThatThrownBy(() -> out.write(1))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("bound");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
    }

    @Test
    void encryptionContextIsSortedByUtf8Bytes() {
        // U+FFFD sorts after U+1F600 in UTF-16 but before it in UTF-8.
        Map<String, String> ec = Map.of("\ud83d\ude00", "1", "\ufffd", "2", "a", "3");
        EncryptResult r = TrentCrypto.builder().build().encrypt(keyring, new byte[1], ec);
        assertThat(r.header().encryptionContext().keySet()).containsSubsequence("a", "\ufffd", "\ud83d\ude00");
        assertThat(TrentCrypto.builder()
                        .build()
                        .decrypt(keyring, r.ciphertext(), ec)
                        .plaintext())
                .hasSize(1);
    }
}
