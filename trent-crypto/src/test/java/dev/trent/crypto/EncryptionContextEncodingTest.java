package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EncryptionContextEncodingTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Map<String, String> m) {
        return HEX.formatHex(EncryptionContextEncoding.canonical(m));
    }

    @Test
    void nullAndEmptyEncodeToCountZero() {
        assertThat(hex(null)).isEqualTo("00000000");
        assertThat(hex(Map.of())).isEqualTo("00000000");
    }

    @Test
    void emptyDiffersFromEntryWithEmptyStrings() {
        assertThat(hex(Map.of("", ""))).isEqualTo("000000010000000000000000");
        assertThat(hex(Map.of("", ""))).isNotEqualTo(hex(Map.of()));
    }

    @Test
    void lengthPrefixesPreventCollisions() {
        assertThat(hex(Map.of("ab", "c"))).isEqualTo("000000010000000261620000000163");
        assertThat(hex(Map.of("a", "bc"))).isEqualTo("000000010000000161000000026263");
        assertThat(hex(Map.of("a", "b", "c", "d"))).isNotEqualTo(hex(Map.of("a", "b\0c\0d")));
    }

    @Test
    void iterationOrderDoesNotMatter() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("tenant", "acme");
        a.put("purpose", "test");
        a.put("b", "1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("b", "1");
        b.put("purpose", "test");
        b.put("tenant", "acme");
        assertThat(hex(a)).isEqualTo(hex(b)).isEqualTo(hex(new HashMap<>(a))).isEqualTo(hex(new TreeMap<>(b)));
        assertThat(hex(Map.of("tenant", "acme", "purpose", "test")))
                .isEqualTo("0000000200000007707572706f736500000004746573740000000674656e616e740000000461636d65");
    }

    @Test
    void unicodeIsUtf8AndSortedByUnsignedUtf8Bytes() {
        Map<String, String> m = new HashMap<>();
        m.put("b", "1");
        m.put("a", "2");
        m.put("\u00e9", "3");
        m.put("aa", "4");
        m.put("\uD83D\uDE00", "x"); // U+1F600, UTF-8 f09f9880
        assertThat(hex(m))
                .isEqualTo("00000005"
                        + "0000000161" + "0000000132"
                        + "000000026161" + "0000000134"
                        + "0000000162" + "0000000131"
                        + "00000002c3a9" + "0000000133"
                        + "00000004f09f9880" + "0000000178");
        // UTF-16 order would put U+1F600 (d83d...) before U+FF21; UTF-8 byte order puts it after.
        assertThat(hex(Map.of("\uD83D\uDE00", "", "\uFF21", "")))
                .isEqualTo("00000002" + "00000003efbca1" + "00000000" + "00000004f09f9880" + "00000000");
    }

    @Test
    void rejectsMalformedUnicodeAndNulls() {
        assertThatThrownBy(() -> EncryptionContextEncoding.canonical(Map.of("\uD800", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptionContextEncoding.canonical(Map.of("k", "a\uDC00")))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> EncryptionContextEncoding.canonical(withNull))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void returnsAFreshArray() {
        byte[] a = EncryptionContextEncoding.canonical(null);
        a[0] = 1;
        assertThat(hex(null)).isEqualTo("00000000");
    }
}
