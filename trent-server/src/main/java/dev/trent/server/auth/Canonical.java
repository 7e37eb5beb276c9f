package dev.trent.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SigV4 canonical-request building blocks, per the AWS "Create a canonical request" rules as the AWS SDKs
 * (botocore {@code SigV4Auth}, SDK for Java v2 {@code V4CanonicalRequest}) apply them for non-S3 services.
 * No regular expressions; everything appends into a caller-supplied {@link StringBuilder}.
 */
final class Canonical {

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    /** RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ */
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['~'] = true;
    }

    private Canonical() {}

    // ------------------------------------------------------------------------------------------ canonical URI

    /**
     * Appends the canonical URI for a raw (as-received, still percent-encoded) path: dot segments and empty
     * segments are removed (botocore's {@code remove_dot_segments}; "AWS services require consecutive slashes to
     * be removed"), then every byte except unreserved characters and {@code /} is percent-encoded once. Encoding
     * the already-encoded wire path once more is exactly what the SDKs sign for non-S3 services ("double
     * encoding" relative to the decoded path): {@code /a%20b} is signed as {@code /a%2520b}; the AWS test suite's
     * raw {@code /example space/} becomes {@code /example%20space/}.
     */
    static void appendCanonicalUri(StringBuilder sb, String rawPath) {
        String path = normalizePath(rawPath);
        int n = path.length();
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c >= 0x80) {
                appendEncodedUtf8(sb, path.substring(i), true);
                return;
            }
            if (c == '/' || UNRESERVED[c]) {
                sb.append(c);
            } else {
                appendPercent(sb, c);
            }
        }
    }

    static String normalizePath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        if (!needsNormalization(path)) {
            return path;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = path.length();
        while (start <= n) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            String seg = path.substring(start, end);
            if (!seg.isEmpty() && !seg.equals(".")) {
                if (seg.equals("..")) {
                    if (!out.isEmpty()) {
                        out.remove(out.size() - 1);
                    }
                } else {
                    out.add(seg);
                }
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        StringBuilder sb = new StringBuilder(n);
        if (path.charAt(0) == '/') {
            sb.append('/');
        }
        for (int i = 0; i < out.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(out.get(i));
        }
        if (path.charAt(n - 1) == '/' && !out.isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    private static boolean needsNormalization(String path) {
        int n = path.length();
        int segStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                int len = i - segStart;
                // empty segment other than the leading one ("//"), "." or ".."
                if (len == 0 && i > 0 && i < n) {
                    return true;
                }
                if (len == 1 && path.charAt(segStart) == '.') {
                    return true;
                }
                if (len == 2 && path.charAt(segStart) == '.' && path.charAt(segStart + 1) == '.') {
                    return true;
                }
                segStart = i + 1;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ query string

    /** One query parameter: the canonical (decoded, then RFC 3986 encoded) name and value. */
    record Param(String name, String value) implements Comparable<Param> {
        @Override
        public int compareTo(Param o) {
            int c = name.compareTo(o.name);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    /**
     * Parses a raw query into canonical parameters in wire order. Pairs with an empty name are dropped (the SDKs
     * do not sign them), a name without {@code =} gets the empty value.
     *
     * @throws AuthException {@code MalformedQueryString} for a broken percent-escape
     */
    static List<Param> parseQuery(String rawQuery) throws AuthException {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<Param> params = new ArrayList<>();
        StringBuilder sb = new StringBuilder(64);
        int n = rawQuery.length();
        int start = 0;
        while (start <= n) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                if (nameEnd > start) {
                    sb.setLength(0);
                    appendCanonicalComponent(sb, rawQuery, start, nameEnd);
                    String name = sb.toString();
                    sb.setLength(0);
                    if (nameEnd < end) {
                        appendCanonicalComponent(sb, rawQuery, nameEnd + 1, end);
                    }
                    params.add(new Param(name, sb.toString()));
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return params;
    }

    /**
     * Appends the canonical query string: parameters sorted by encoded name, then encoded value, joined with
     * {@code &}, leaving out a parameter named {@code exclude} (X-Amz-Signature for presigned requests).
     */
    static void appendCanonicalQuery(StringBuilder sb, List<Param> params, String exclude) {
        int size = params.size();
        if (size == 0) {
            return;
        }
        Param[] sorted = params.toArray(new Param[0]);
        if (size > 1) {
            java.util.Arrays.sort(sorted);
        }
        boolean first = true;
        for (Param p : sorted) {
            if (exclude != null && exclude.equals(p.name())) {
                continue;
            }
            if (!first) {
                sb.append('&');
            }
            first = false;
            sb.append(p.name()).append('=').append(p.value());
        }
    }

    /** The first parameter whose canonical name is {@code name} (only unreserved characters), or {@code null}. */
    static Param find(List<Param> params, String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Decodes a canonical (percent-encoded UTF-8) component back to text, for auth parameter values. */
    static String decode(String canonical) {
        if (canonical.indexOf('%') < 0) {
            return canonical;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(canonical.length());
        int n = canonical.length();
        for (int i = 0; i < n; i++) {
            char c = canonical.charAt(i);
            if (c == '%') {
                out.write((hexValue(canonical.charAt(i + 1)) << 4) | hexValue(canonical.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void appendCanonicalComponent(StringBuilder sb, String raw, int from, int to) throws AuthException {
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw AuthException.malformedQuery("Incomplete trailing escape % sequence");
                }
                int hi = hexValue(raw.charAt(i + 1));
                int lo = hexValue(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw AuthException.malformedQuery(
                            "Illegal hex character in escape % pattern: " + raw.substring(i, i + 3));
                }
                appendByte(sb, (hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                appendByte(sb, c);
            } else {
                int cpEnd = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
                appendEncodedUtf8(sb, raw.substring(i, cpEnd), false);
                i = cpEnd - 1;
            }
        }
    }

    private static void appendEncodedUtf8(StringBuilder sb, String s, boolean keepSlash) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if (keepSlash && v == '/') {
                sb.append('/');
            } else {
                appendByte(sb, v);
            }
        }
    }

    private static void appendByte(StringBuilder sb, int b) {
        if (b < 0x80 && UNRESERVED[b]) {
            sb.append((char) b);
        } else {
            appendPercent(sb, b);
        }
    }

    private static void appendPercent(StringBuilder sb, int b) {
        sb.append('%').append(HEX_UPPER[(b >> 4) & 0xf]).append(HEX_UPPER[b & 0xf]);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------ headers

    /**
     * Appends one canonical header line for each signed header name (already lower case), in the order given:
     * {@code name:value1,value2\n} where the values are every header line with that name (case-insensitive) in
     * wire order, each trimmed and with internal runs of whitespace collapsed to one space. A signed header that
     * is absent contributes {@code name:} (the signature then fails unless the client signed it empty).
     */
    static void appendCanonicalHeaders(
            StringBuilder sb, String[] signedLower, List<Map.Entry<String, String>> headers) {
        for (String name : signedLower) {
            sb.append(name).append(':');
            boolean first = true;
            for (int i = 0, n = headers.size(); i < n; i++) {
                Map.Entry<String, String> h = headers.get(i);
                String key = h.getKey();
                if (key.length() == name.length() && key.equalsIgnoreCase(name)) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    appendTrimmed(sb, h.getValue());
                }
            }
            sb.append('\n');
        }
    }

    /** Trim, and collapse sequential whitespace (space, tab, CR, LF, VT, FF) to one space, as the SDKs do. */
    static void appendTrimmed(StringBuilder sb, String value) {
        if (value == null) {
            return;
        }
        int n = value.length();
        boolean pendingSpace = false;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f') {
                pendingSpace = any;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
                any = true;
            }
        }
    }
}
