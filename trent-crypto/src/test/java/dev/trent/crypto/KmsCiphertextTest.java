package dev.trent.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KmsCiphertextTest {

    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom random = new SecureRandom();
    private final UUID keyId = UUID.randomUUID();
    private final SecretBytes material = SecretBytes.random(random, 32);
    private final byte[] context = EncryptionContextEncoding.canonical(Map.of("tenant", "acme"));

    private byte[] encrypt(byte[] plaintext) {
        return KmsCiphertext.encrypt(keyId, 3, material, plaintext, context, random);
    }

    @Test
    void constants() {
        assertThat(KmsCiphertext.HEADER_LENGTH).isEqualTo(37);
        assertThat(KmsCiphertext.TAG_LENGTH).isEqualTo(16);
        assertThat(KmsCiphertext.OVERHEAD).isEqualTo(53);
    }

    @Test
    void roundTrip() throws Exception {
        for (int n : new int[] {0, 1, 4096}) {
            byte[] pt = new byte[n];
            random.nextBytes(pt);
            byte[] blob = encrypt(pt);
            assertThat(blob).hasSize(n + KmsCiphertext.OVERHEAD);
            assertThat(KmsCiphertext.peekHeader(blob)).isEqualTo(new KmsCiphertext.Header(keyId, 3));
            assertThat(KmsCiphertext.decrypt(blob, material, context)).isEqualTo(pt);
        }
        assertThat(encrypt(new byte[4096])).hasSize(4149);
    }

    @Test
    void encryptionIsRandomized() {
        assertThat(encrypt(new byte[8])).isNotEqualTo(encrypt(new byte[8]));
    }

    @Test
    void materialVersionIsUnsigned32Bit() throws Exception {
        byte[] blob = KmsCiphertext.encrypt(keyId, -1, material, new byte[1], context, random);
        assertThat(Arrays.copyOfRange(blob, 17, 21)).containsOnly(0xff);
        assertThat(KmsCiphertext.peekHeader(blob).materialVersion()).isEqualTo(-1);
        assertThat(Integer.toUnsignedLong(KmsCiphertext.peekHeader(blob).materialVersion()))
                .isEqualTo(0xffffffffL);
    }

    @Test
    void everySingleBitFlipFails() {
        byte[] blob = encrypt("a data key, say".getBytes(UTF_8));
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] bad = blob.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> KmsCiphertext.decrypt(bad, material, context))
                    .as("bit %d", bit)
                    .isInstanceOf(InvalidCiphertextException.class);
        }
    }

    @Test
    void everyTruncationFails() {
        byte[] blob = encrypt("some plaintext".getBytes(UTF_8));
        for (int len = 0; len < blob.length; len++) {
            byte[] cut = Arrays.copyOf(blob, len);
            assertThatThrownBy(() -> KmsCiphertext.decrypt(cut, material, context))
                    .as("length %d", len)
                    .isInstanceOf(InvalidCiphertextException.class);
        }
        byte[] extended = Arrays.copyOf(blob, blob.length + 1);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(extended, material, context))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void multiRegionBlobsSayWhichKindOfKeyIdTheyHoldAndTheFlagIsAuthenticated() throws Exception {
        UUID bits = UUID.fromString("0123abcd-4567-89ab-cdef-0123456789ab");
        byte[] mrk = KmsCiphertext.encrypt(bits, true, 3, material, new byte[] {1, 2, 3}, context, new SecureRandom());
        assertThat(mrk[0]).isEqualTo(KmsCiphertext.VERSION_MULTI_REGION);
        assertThat(KmsCiphertext.peekHeader(mrk)).isEqualTo(new CiphertextFormat.Header(bits, 3, true));
        assertThat(KmsCiphertext.decrypt(mrk, material, context)).containsExactly(1, 2, 3);
        byte[] single =
                KmsCiphertext.encrypt(bits, false, 3, material, new byte[] {1, 2, 3}, context, new SecureRandom());
        assertThat(KmsCiphertext.peekHeader(single)).isEqualTo(new CiphertextFormat.Header(bits, 3));
        // relabelling a blob as the other kind of key id fails authentication
        byte[] relabelled = mrk.clone();
        relabelled[0] = KmsCiphertext.VERSION_1;
        assertThatThrownBy(() -> KmsCiphertext.decrypt(relabelled, material, context))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void peekHeaderRejectsNullShortAndUnknownVersion() {
        assertThatThrownBy(() -> KmsCiphertext.peekHeader(null)).isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> KmsCiphertext.peekHeader(new byte[52])).isInstanceOf(InvalidCiphertextException.class);
        byte[] blob = encrypt(new byte[0]);
        for (int v : new int[] {0x00, 0x03, 0xff}) {
            byte[] other = blob.clone();
            other[0] = (byte) v;
            assertThatThrownBy(() -> KmsCiphertext.peekHeader(other)).isInstanceOf(InvalidCiphertextException.class);
        }
        assertThatThrownBy(() -> KmsCiphertext.decrypt(null, material, context))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void wrongContextFails() throws Exception {
        byte[] blob = encrypt(new byte[] {42});
        assertThatThrownBy(() -> KmsCiphertext.decrypt(
                        blob, material, EncryptionContextEncoding.canonical(Map.of("tenant", "evil"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(blob, material, EncryptionContextEncoding.canonical(null)))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThat(KmsCiphertext.decrypt(blob, material, context.clone())).containsExactly(42);
    }

    @Test
    void lengthPrefixedContextsDoNotCollide() throws Exception {
        byte[] abC = EncryptionContextEncoding.canonical(Map.of("ab", "c"));
        byte[] aBc = EncryptionContextEncoding.canonical(Map.of("a", "bc"));
        byte[] blob = KmsCiphertext.encrypt(keyId, 1, material, new byte[] {1}, abC, random);
        assertThat(KmsCiphertext.decrypt(blob, material, abC)).containsExactly(1);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(blob, material, aBc))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void wrongMaterialFails() {
        byte[] blob = encrypt(new byte[16]);
        SecretBytes other = SecretBytes.random(random, 32);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(blob, other, context))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void swappedKeyIdOrMaterialVersionFails() throws Exception {
        byte[] blob = encrypt(new byte[16]);
        UUID otherKey = UUID.randomUUID();
        byte[] swapped = blob.clone();
        ByteBuffer.wrap(swapped, 1, 16)
                .putLong(otherKey.getMostSignificantBits())
                .putLong(otherKey.getLeastSignificantBits());
        assertThat(KmsCiphertext.peekHeader(swapped).keyId()).isEqualTo(otherKey);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(swapped, material, context))
                .isInstanceOf(InvalidCiphertextException.class);

        byte[] otherVersion = blob.clone();
        ByteBuffer.wrap(otherVersion, 17, 4).putInt(4);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(otherVersion, material, context))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void callerBugsAreNotReportedAsBadCiphertext() {
        byte[] blob = encrypt(new byte[1]);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(blob, SecretBytes.random(random, 16), context))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        KmsCiphertext.encrypt(keyId, 1, SecretBytes.random(random, 31), new byte[1], context, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KmsCiphertext.decrypt(blob, material, null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Known-answer vector, computed independently (Python 'cryptography': HKDF + AESGCM). If this
     * fails, the wire format changed: that needs a new format version, not a new expected value.
     */
    @Test
    void knownAnswerVector() throws Exception {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        byte[] m = new byte[32];
        for (int i = 0; i < 32; i++) {
            m[i] = (byte) i;
        }
        SecretBytes mat = SecretBytes.wrap(m);
        byte[] ctx = EncryptionContextEncoding.canonical(Map.of("tenant", "acme", "purpose", "test"));
        String expected = "01"
                + "00112233445566778899aabbccddeeff"
                + "00000007"
                + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                + "d393e7a9f18e3d00ca013e00b0"
                + "42f7da9ef3ad30188e69340c1d417868";

        byte[] blob =
                KmsCiphertext.encrypt(id, 7, mat, "Hello, Trent!".getBytes(UTF_8), ctx, new FixedSecureRandom(0xa0));

        assertThat(HEX.formatHex(blob)).isEqualTo(expected);
        assertThat(KmsCiphertext.peekHeader(blob)).isEqualTo(new KmsCiphertext.Header(id, 7));
        assertThat(new String(KmsCiphertext.decrypt(HEX.parseHex(expected), mat, ctx), UTF_8))
                .isEqualTo("Hello, Trent!");
    }

    @Test
    void v1IsTheCiphertextFormatBehindTheStaticMethods() throws Exception {
        CiphertextFormat format = KmsCiphertext.V1;
        byte[] pt = "through the interface".getBytes(UTF_8);

        byte[] sealed = format.seal(keyId, 3, material, pt, context, random);
        assertThat(sealed).hasSize(pt.length + KmsCiphertext.OVERHEAD);
        assertThat(format.peek(sealed)).isEqualTo(new CiphertextFormat.Header(keyId, 3));
        assertThat(KmsCiphertext.peekHeader(sealed)).isEqualTo(format.peek(sealed));
        assertThat(KmsCiphertext.decrypt(sealed, material, context)).isEqualTo(pt);

        byte[] encrypted = encrypt(pt);
        assertThat(format.open(encrypted, material, context)).isEqualTo(pt);
        assertThatThrownBy(() -> format.open(encrypted, material, new byte[4]))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> format.peek(new byte[10])).isInstanceOf(InvalidCiphertextException.class);
    }

    /**
     * The published vector of {@link #knownAnswerVector} read through the interface. (Not sealed again: the JDK
     * refuses to repeat the previous key and IV on a thread, which a second fixed-nonce seal would do.)
     */
    @Test
    void knownAnswerVectorOpensThroughTheInterface() throws Exception {
        CiphertextFormat format = KmsCiphertext.V1;
        byte[] m = new byte[32];
        for (int i = 0; i < 32; i++) {
            m[i] = (byte) i;
        }
        byte[] ctx = EncryptionContextEncoding.canonical(Map.of("tenant", "acme", "purpose", "test"));
        byte[] blob =
                HEX.parseHex("01" + "00112233445566778899aabbccddeeff" + "00000007" + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                        + "d393e7a9f18e3d00ca013e00b0" + "42f7da9ef3ad30188e69340c1d417868");
        assertThat(format.peek(blob))
                .isEqualTo(new CiphertextFormat.Header(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"), 7));
        assertThat(new String(format.open(blob, SecretBytes.wrap(m), ctx), UTF_8))
                .isEqualTo("Hello, Trent!");
    }
}
