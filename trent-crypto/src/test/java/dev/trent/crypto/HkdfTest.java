package dev.trent.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5869, Appendix A, test cases 1-3 (SHA-256, including the intermediate PRKs), and Wycheproof vectors for
 * SHA-384 and SHA-512 (github.com/C2SP/wycheproof, testvectors/hkdf_sha{384,512}_test.json).
 */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int toExclusive) {
        byte[] b = new byte[toExclusive - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void rfc5869Case1() {
        byte[] okm = Hkdf.sha256(repeat(0x0b, 22), range(0x00, 0x0d), range(0xf0, 0xfa), 42);
        assertThat(HEX.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869Case2LongInputs() {
        byte[] okm = Hkdf.sha256(range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82);
        assertThat(HEX.formatHex(okm))
                .isEqualTo("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869Case3EmptySaltAndInfo() {
        String expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
        assertThat(HEX.formatHex(Hkdf.sha256(repeat(0x0b, 22), new byte[0], new byte[0], 42)))
                .isEqualTo(expected);
        // null salt and info mean the same as empty ones
        assertThat(HEX.formatHex(Hkdf.sha256(repeat(0x0b, 22), null, null, 42))).isEqualTo(expected);
    }

    @Test
    void rfc5869ExtractThenExpand() {
        byte[] prk1 = Hkdf.extract(Hkdf.Hash.SHA256, range(0x00, 0x0d), repeat(0x0b, 22));
        assertThat(HEX.formatHex(prk1)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(Hkdf.expand(Hkdf.Hash.SHA256, prk1, range(0xf0, 0xfa), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");

        byte[] prk2 = Hkdf.extract(Hkdf.Hash.SHA256, range(0x60, 0xb0), range(0x00, 0x50));
        assertThat(HEX.formatHex(prk2)).isEqualTo("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");

        byte[] prk3 = Hkdf.extract(Hkdf.Hash.SHA256, null, repeat(0x0b, 22));
        assertThat(HEX.formatHex(prk3)).isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(Hkdf.extract(Hkdf.Hash.SHA256, new byte[0], repeat(0x0b, 22)))
                .isEqualTo(prk3);
        assertThat(HEX.formatHex(Hkdf.expand(Hkdf.Hash.SHA256, prk3, null, 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @ParameterizedTest(name = "{0} tcId {1}")
    @CsvSource({
        // hash, Wycheproof tcId, ikm, salt, info, okm
        "SHA384, 3, d4dcb92a769f57c8bab8a420ee0aa351, '', '', 8998abf032b4fbb29e431f0bf1544e19590ef4fc99e013db8d6ce0dc"
                + "085660dd3f2432b5f9cdcc44cb6ce0053e7eb43c0375ac7efba148ece8688e637a5759f6",
        "SHA384, 12, 8677dc79233ef3480777c4c601ef4f0b, ad88db718244e2cb60e35f874d7ad81f,"
                + " a38f634d947819a9bfa792174b42baa20c9fce15, 758546362a070c0f13cbfbf1756e8f29b7819fb903c7ed4f97a56be3c8"
                + "f81e8c37aef5c0f8e5d2b17eb1aa02ec04c33f546cb2f3d193e930a9f89ec9ce3a82b5",
        "SHA384, 22, 5943c65bc33bf05a205b04be8ae0ab2e, 0000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000, be082f301a03f87787a80fbea88941214d50c42b,"
                + " 6f93965b7399bdcaef06c151056ba14b7392a1521af1145e0c1d05e34b6f19f3",
        "SHA512, 3, d4dcb92a769f57c8bab8a420ee0aa351, '', '', a8420281c08c5f087c9d54d5660847805b0fff2d6257f02bf849badf"
                + "a8a29bee84ebe704a6eadc0beba0c33805d5843e167b1966aeba6a15b0f1f7b3db8c407a",
        "SHA512, 12, 8677dc79233ef3480777c4c601ef4f0b, ad88db718244e2cb60e35f874d7ad81f,"
                + " a38f634d947819a9bfa792174b42baa20c9fce15, 918e9cda37bf7f52506111048a878e64a503f9869d0c2615047b995f1e"
                + "fedc4f713b4dbcc940838e68f6a2bf772ebefae9154e9075da80ea1fd68b9df580ad76",
        "SHA512, 20, 34bae5a158c1678aa76a744417a70d7a, 1532075f363e061133780ac959bf653c7687d181b9431215d6f62dd2f1ec3019"
                + "d61c50fa82c70ae25e624c849a276b0c57d7c02a4d753fe84a1a6621e9a5ef01,"
                + " 87ec30aa53acfc3d09ccc1d57d654fdbce403cd4,"
                + " 65f5385dab06d375033a6a25926ef4bf5dc660737ab8ccef370af10cc9dcd7743cf273fd048f64b7301e",
    })
    void wycheproofSha384AndSha512(Hkdf.Hash hash, int tcId, String ikm, String salt, String info, String okm) {
        byte[] ikmBytes = HEX.parseHex(ikm);
        byte[] saltBytes = salt == null ? null : HEX.parseHex(salt);
        byte[] infoBytes = info == null ? null : HEX.parseHex(info);
        int length = okm.length() / 2;

        assertThat(HEX.formatHex(Hkdf.derive(hash, ikmBytes, saltBytes, infoBytes, length)))
                .isEqualTo(okm);
        byte[] prk = Hkdf.extract(hash, saltBytes, ikmBytes);
        assertThat(prk).hasSize(hash.length());
        assertThat(HEX.formatHex(Hkdf.expand(hash, prk, infoBytes, length))).isEqualTo(okm);
    }

    @Test
    void expandOfOnePrkGivesIndependentPrefixConsistentOutputs() {
        byte[] prk = Hkdf.extract(Hkdf.Hash.SHA512, range(0, 32), repeat(7, 32));
        byte[] a = Hkdf.expand(Hkdf.Hash.SHA512, prk, "DERIVEKEY".getBytes(UTF_8), 32);
        byte[] b = Hkdf.expand(Hkdf.Hash.SHA512, prk, "COMMITKEY".getBytes(UTF_8), 32);
        assertThat(a).isNotEqualTo(b);
        // the output is a prefix of a longer output with the same inputs (RFC 5869 2.3)
        byte[] longer = Hkdf.expand(Hkdf.Hash.SHA512, prk, "DERIVEKEY".getBytes(UTF_8), 100);
        assertThat(Arrays.copyOf(longer, 32)).isEqualTo(a);
    }

    @Test
    void lengthBounds() {
        assertThat(Hkdf.sha256(new byte[1], null, null, 0)).isEmpty();
        assertThat(Hkdf.sha256(new byte[1], null, null, 255 * 32)).hasSize(8160);
        assertThatThrownBy(() -> Hkdf.sha256(new byte[1], null, null, 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.sha256(new byte[1], null, null, -1)).isInstanceOf(IllegalArgumentException.class);

        for (Hkdf.Hash hash : Hkdf.Hash.values()) {
            int max = 255 * hash.length();
            assertThat(hash.maxOutputLength()).isEqualTo(max);
            assertThat(Hkdf.derive(hash, new byte[1], null, null, max)).hasSize(max);
            assertThatThrownBy(() -> Hkdf.derive(hash, new byte[1], null, null, max + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            byte[] prk = Hkdf.extract(hash, null, new byte[1]);
            assertThatThrownBy(() -> Hkdf.expand(hash, prk, null, max + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Hkdf.expand(hash, new byte[hash.length() - 1], null, 16))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
