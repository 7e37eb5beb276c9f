package dev.trent.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalTest {

    static String uri(String rawPath) {
        StringBuilder sb = new StringBuilder();
        Canonical.appendCanonicalUri(sb, rawPath);
        return sb.toString();
    }

    static String query(String rawQuery, String exclude) throws AuthException {
        StringBuilder sb = new StringBuilder();
        Canonical.appendCanonicalQuery(sb, Canonical.parseQuery(rawQuery), exclude);
        return sb.toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/|/",
                "''|/",
                "/a/b/c|/a/b/c",
                "/a/./b/../c|/a/c",
                "/a/b/.|/a/b",
                "/a/b/..|/a",
                "/../..|/",
                "//a///b//|/a/b/",
                "/a%20b|/a%2520b",
                "/a%2Fb|/a%252Fb",
                "/a b|/a%20b",
                "/~-._AZaz09|/~-._AZaz09",
                "/!$&'()*+,;=:@|/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40",
                "/\u20ac|/%E2%82%AC",
                "/\ud83d\ude00/x|/%F0%9F%98%80/x",
            })
    void canonicalUri(String raw, String expected) {
        assertThat(uri(raw)).isEqualTo(expected);
    }

    @Test
    void canonicalQuery() throws AuthException {
        assertThat(query(null, null)).isEmpty();
        assertThat(query("", null)).isEmpty();
        assertThat(query("b=2&a=1", null)).isEqualTo("a=1&b=2");
        assertThat(query("a=2&a=10&a=1", null)).isEqualTo("a=1&a=10&a=2");
        assertThat(query("flag&x=", null)).isEqualTo("flag=&x=");
        assertThat(query("&&=v&a=1&", null)).isEqualTo("a=1");
        assertThat(query("a+b=c+d", null)).isEqualTo("a%2Bb=c%2Bd");
        assertThat(query("k=%7e%2a%41", null)).isEqualTo("k=~%2AA");
        assertThat(query("k=a=b", null)).isEqualTo("k=a%3Db");
        assertThat(query("k=\u00e9", null)).isEqualTo("k=%C3%A9");
        assertThat(query("k=%FF", null)).isEqualTo("k=%FF"); // not UTF-8: bytes are kept as bytes
        // sorted by encoded name: "%" sorts before letters, upper before lower
        assertThat(query("b=1&B=2&%C3%A9=3", null)).isEqualTo("%C3%A9=3&B=2&b=1");
        assertThat(query("X-Amz-Signature=abc&X-Amz-Date=1", "X-Amz-Signature")).isEqualTo("X-Amz-Date=1");
    }

    @Test
    void decodeRoundTrips() throws AuthException {
        Canonical.Param p = Canonical.parseQuery("c=AKID%2F20261123%2Fus-east-1%2Fkms%2Faws4_request")
                .get(0);
        assertThat(Canonical.decode(p.value())).isEqualTo("AKID/20261123/us-east-1/kms/aws4_request");
        assertThat(Canonical.decode(
                        Canonical.parseQuery("t=a%2B%2F%3D%20%E2%82%AC").get(0).value()))
                .isEqualTo("a+/= \u20ac");
    }

    @Test
    void headersAreTrimmedCollapsedAndJoinedInWireOrder() {
        StringBuilder sb = new StringBuilder();
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Host", "h"),
                Map.entry("X-A", "  two   words "),
                Map.entry("x-a", "\tb\r\n c"),
                Map.entry("X-B", "   "),
                Map.entry("Other", "x"));
        Canonical.appendCanonicalHeaders(sb, new String[] {"host", "x-a", "x-b", "x-missing"}, headers);
        assertThat(sb).hasToString("host:h\nx-a:two words,b c\nx-b:\nx-missing:\n");
    }
}
