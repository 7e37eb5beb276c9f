package dev.trent.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom random = new SecureRandom();

    private static SecretBytes range(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return SecretBytes.wrap(b);
    }

    @Test
    void roundTripAllKeySizes() throws Exception {
        for (int keyLen : new int[] {16, 24, 32}) {
            Aead aead = new AesGcm(SecretBytes.random(random, keyLen), random);
            for (int n : new int[] {0, 1, 15, 16, 17, 4096}) {
                byte[] pt = new byte[n];
                random.nextBytes(pt);
                byte[] ct = aead.encrypt(pt, "ad".getBytes(UTF_8));
                assertThat(ct).hasSize(n + AesGcm.OVERHEAD);
                assertThat(aead.decrypt(ct, "ad".getBytes(UTF_8))).isEqualTo(pt);
            }
        }
    }

    @Test
    void outputIsIvThenCiphertextThenTag() throws Exception {
        // IV from the fixed source is 00..0b; compare against the caller-supplied-IV helper.
        SecretBytes key = range(0x40, 32);
        Aead aead = new AesGcm(key, new FixedSecureRandom(0));
        byte[] pt = "hello".getBytes(UTF_8);
        byte[] ct = aead.encrypt(pt, null);
        byte[] iv = Arrays.copyOfRange(ct, 0, 12);
        assertThat(iv).isEqualTo(HEX.parseHex("000102030405060708090a0b"));
        assertThat(AesGcm.decryptWithIv(key, iv, Arrays.copyOfRange(ct, 12, ct.length), null))
                .isEqualTo(pt);
    }

    @Test
    void nullAssociatedDataIsEmpty() throws Exception {
        Aead aead = new AesGcm(SecretBytes.random(random, 32), random);
        byte[] ct = aead.encrypt(new byte[] {1, 2, 3}, null);
        assertThat(aead.decrypt(ct, new byte[0])).containsExactly(1, 2, 3);
        assertThat(aead.decrypt(aead.encrypt(new byte[] {4}, new byte[0]), null))
                .containsExactly(4);
    }

    @Test
    void encryptionIsRandomized() throws Exception {
        Aead aead = new AesGcm(SecretBytes.random(random, 32), random);
        byte[] pt = new byte[16];
        assertThat(aead.encrypt(pt, null)).isNotEqualTo(aead.encrypt(pt, null));
    }

    @Test
    void anyBitFlipOrWrongAssociatedDataFails() throws Exception {
        Aead aead = new AesGcm(SecretBytes.random(random, 32), random);
        byte[] ad = {7, 7};
        byte[] ct = aead.encrypt("secret message".getBytes(UTF_8), ad);
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] bad = ct.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> aead.decrypt(bad, ad)).isInstanceOf(AEADBadTagException.class);
        }
        assertThatThrownBy(() -> aead.decrypt(ct, new byte[] {7, 8})).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> aead.decrypt(ct, null)).isInstanceOf(AEADBadTagException.class);
        Aead other = new AesGcm(SecretBytes.random(random, 32), random);
        assertThatThrownBy(() -> other.decrypt(ct, ad)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void shortOrTruncatedInputFails() throws Exception {
        Aead aead = new AesGcm(SecretBytes.random(random, 16), random);
        byte[] ct = aead.encrypt(new byte[8], null);
        for (int len = 0; len < ct.length; len++) {
            byte[] cut = Arrays.copyOf(ct, len);
            assertThatThrownBy(() -> aead.decrypt(cut, null)).isInstanceOf(GeneralSecurityException.class);
        }
        assertThatThrownBy(() -> aead.decrypt(null, null)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rejectsBadKeySizes() {
        for (int n : new int[] {0, 8, 15, 17, 31, 33, 64}) {
            assertThatThrownBy(() -> new AesGcm(SecretBytes.wrap(new byte[n]), random))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void knownAnswerWithCallerSuppliedIv() throws Exception {
        // Expected values computed independently (Python 'cryptography' AESGCM).
        SecretBytes key = range(0x40, 32);
        byte[] iv = HEX.parseHex("606162636465666768696a6b");
        byte[] ct = AesGcm.encryptWithIv(key, iv, "trent aes-gcm".getBytes(UTF_8), "ad".getBytes(UTF_8));
        assertThat(HEX.formatHex(ct)).isEqualTo("d85a6c6b73b4f1c37aac1e5568aad4ac55a4ef9356dd5d3b6925b510b1");
        assertThat(AesGcm.decryptWithIv(key, iv, ct, "ad".getBytes(UTF_8))).isEqualTo("trent aes-gcm".getBytes(UTF_8));

        byte[] iv2 = HEX.parseHex("707172737475767778797a7b");
        assertThat(HEX.formatHex(AesGcm.encryptWithIv(key, iv2, new byte[0], null)))
                .isEqualTo("dfdd1f5fe5466128e76ae9bac9880fff");

        SecretBytes key128 = range(0x00, 16);
        byte[] ct128 = AesGcm.encryptWithIv(key128, new byte[12], "abc".getBytes(UTF_8), new byte[0]);
        assertThat(HEX.formatHex(ct128)).isEqualTo("28b4e4466b1e14ee041aaf706e7b16ec248912");
    }

    @Test
    void callerSuppliedIvHelpersValidateInput() {
        SecretBytes key = SecretBytes.random(random, 32);
        assertThatThrownBy(() -> AesGcm.encryptWithIv(key, new byte[16], new byte[1], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesGcm.decryptWithIv(key, new byte[12], new byte[15], null))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void jdkRefusesImmediateKeyAndIvReuseOnSameThread() throws Exception {
        SecretBytes key = SecretBytes.random(random, 32);
        byte[] iv = new byte[12];
        AesGcm.encryptWithIv(key, iv, new byte[] {1}, null);
        assertThatThrownBy(() -> AesGcm.encryptWithIv(key, iv, new byte[] {2}, null))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
    }

    @Test
    void concurrentUseIsSafe() throws Exception {
        Aead aead = new AesGcm(SecretBytes.random(random, 32), random);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] pt = new byte[i % 64];
                        random.nextBytes(pt);
                        byte[] ad = {(byte) i};
                        if (!Arrays.equals(pt, aead.decrypt(aead.encrypt(pt, ad), ad))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
