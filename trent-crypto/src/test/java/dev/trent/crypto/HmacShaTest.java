package dev.trent.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.crypto.HmacSha.Algorithm;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** RFC 4231 (section 4, test cases 1-7) for HMAC-SHA-224/256/384/512, and the {@link Mac} contract. */
class HmacShaTest {

    private static final HexFormat HEX = HexFormat.of();

    /** One RFC 4231 test case: key, data, and the tags for SHA-224, -256, -384, -512 (hex). */
    private record Case(
            int number, byte[] key, byte[] data, String sha224, String sha256, String sha384, String sha512) {
        String expected(Algorithm a) {
            return switch (a) {
                case HMAC_SHA_224 -> sha224;
                case HMAC_SHA_256 -> sha256;
                case HMAC_SHA_384 -> sha384;
                case HMAC_SHA_512 -> sha512;
            };
        }
    }

    private static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] range(int from, int toInclusive) {
        byte[] b = new byte[toInclusive - from + 1];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (from + i);
        return b;
    }

    private static final List<Case> RFC4231 = List.of(
            new Case(
                    1,
                    repeat(0x0b, 20),
                    "Hi There".getBytes(US_ASCII),
                    "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
                    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
                    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                            + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
            new Case(
                    2,
                    "Jefe".getBytes(US_ASCII),
                    "what do ya want for nothing?".getBytes(US_ASCII),
                    "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
                    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                            + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
            new Case(
                    3,
                    repeat(0xaa, 20),
                    repeat(0xdd, 50),
                    "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
                    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
                    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                            + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
            new Case(
                    4,
                    range(0x01, 0x19),
                    repeat(0xcd, 50),
                    "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
                    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
                    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                            + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
            // Test case 5 is truncated to 128 bits in the RFC: checked separately below.
            new Case(
                    6,
                    repeat(0xaa, 131),
                    "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(US_ASCII),
                    "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
                    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
                    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                            + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
            new Case(
                    7,
                    repeat(0xaa, 131),
                    ("This is a test using a larger than block-size key and a larger than block-size data. The key"
                                    + " needs to be hashed before being used by the HMAC algorithm.")
                            .getBytes(US_ASCII),
                    "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
                    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
                    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                            + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"));

    private static HmacSha hmac(Algorithm a, byte[] key) {
        return new HmacSha(a, SecretBytes.copyOf(key));
    }

    @Test
    void rfc4231Vectors() throws Exception {
        for (Case c : RFC4231) {
            for (Algorithm a : Algorithm.values()) {
                Mac mac = hmac(a, c.key());
                byte[] tag = mac.compute(c.data());
                assertThat(HEX.formatHex(tag))
                        .as("RFC 4231 case %d, %s", c.number(), a)
                        .isEqualTo(c.expected(a));
                assertThat(tag).hasSize(a.tagLength());
                mac.verify(HEX.parseHex(c.expected(a)), c.data());
            }
        }
    }

    @Test
    void rfc4231Case5TruncationIsAPrefixButTruncatedTagsAreRejected() {
        byte[] key = repeat(0x0c, 20);
        byte[] data = "Test With Truncation".getBytes(US_ASCII);
        String[] truncated = {
            "0e2aea68a90c8d37c988bcdb9fca6fa8", // SHA-224
            "a3b6167473100ee06e0c796c2955552b", // SHA-256
            "3abf34c3503b2a23a46efc619baef897", // SHA-384
            "415fad6271580a531d4179bc891d87a6", // SHA-512
        };
        for (Algorithm a : Algorithm.values()) {
            Mac mac = hmac(a, key);
            byte[] tag = mac.compute(data);
            assertThat(HEX.formatHex(Arrays.copyOf(tag, 16))).isEqualTo(truncated[a.ordinal()]);
            assertThatCode(() -> mac.verify(tag, data)).doesNotThrowAnyException();
            assertThatThrownBy(() -> mac.verify(HEX.parseHex(truncated[a.ordinal()]), data))
                    .isInstanceOf(InvalidMacException.class);
        }
    }

    @Test
    void verifyRejectsEveryAlteration() throws Exception {
        for (Algorithm a : Algorithm.values()) {
            Mac mac = hmac(a, repeat(0x42, a.tagLength()));
            byte[] data = "GenerateMac input".getBytes(US_ASCII);
            byte[] tag = mac.compute(data);
            mac.verify(tag, data);

            for (int i = 0; i < tag.length; i++) {
                byte[] bad = tag.clone();
                bad[i] ^= 0x01;
                assertThatThrownBy(() -> mac.verify(bad, data)).isInstanceOf(InvalidMacException.class);
            }
            byte[] otherData = data.clone();
            otherData[0] ^= 0x20;
            assertThatThrownBy(() -> mac.verify(tag, otherData)).isInstanceOf(InvalidMacException.class);
            assertThatThrownBy(() -> mac.verify(Arrays.copyOf(tag, tag.length + 1), data))
                    .isInstanceOf(InvalidMacException.class);
            assertThatThrownBy(() -> mac.verify(new byte[0], data)).isInstanceOf(InvalidMacException.class);
            assertThatThrownBy(() -> mac.verify(null, data)).isInstanceOf(InvalidMacException.class);
            Mac otherKey = hmac(a, repeat(0x43, a.tagLength()));
            assertThatThrownBy(() -> otherKey.verify(tag, data)).isInstanceOf(InvalidMacException.class);
        }
    }

    @Test
    void keyIsCopiedAndEmptyKeysAreRejected() throws Exception {
        SecretBytes key = SecretBytes.copyOf(repeat(0x0b, 20));
        HmacSha mac = new HmacSha(Algorithm.HMAC_SHA_256, key);
        key.destroy();
        assertThat(HEX.formatHex(mac.compute("Hi There".getBytes(US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(mac.toString()).isEqualTo("HmacSha[HMAC_SHA_256]");

        assertThatThrownBy(() -> new HmacSha(Algorithm.HMAC_SHA_256, SecretBytes.wrap(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mac.compute(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void safeForConcurrentUse() throws Exception {
        HmacSha mac = hmac(Algorithm.HMAC_SHA_512, repeat(0xaa, 131));
        Case c = RFC4231.get(RFC4231.size() - 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = pool.invokeAll(java.util.Collections.nCopies(8, () -> {
                for (int i = 0; i < 500; i++) {
                    if (!HEX.formatHex(mac.compute(c.data())).equals(c.sha512())) return false;
                }
                return true;
            }));
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
