package dev.trent.server.query;

import dev.trent.server.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query request: the {@code application/x-www-form-urlencoded} pairs of the URL's query
 * string and of a form body, decoded ({@code +} is a space, {@code %XX} escapes are UTF-8 bytes), sorted by name so
 * that the members of one list or map are neighbours.
 *
 * <p>Rules (Trent's reading of the Query protocol, which sends every parameter once):
 * <ul>
 *   <li>Parameters come from the query string first, then the body; when a name appears twice, the first value is
 *       kept. Both parts are covered by the SigV4 signature, so neither can be changed in transit.</li>
 *   <li>A pair with an empty name is ignored; a name without {@code =} has the empty value.</li>
 *   <li>A broken escape ({@code %4}, {@code %ZZ}) or bytes that are not UTF-8 give {@code MalformedQueryString}
 *       (HTTP 404, as the AWS Query services document it).</li>
 *   <li>At most {@link #MAX_PARAMETERS} parameters; more give {@code InvalidQueryParameter} (400). The largest IAM
 *       inputs (policy simulation with its lists) stay far below.</li>
 * </ul>
 *
 * <p>Before authentication only {@link #find} runs: a scan for one parameter that allocates nothing but its value,
 * so an unauthenticated request costs no parsing of the whole form.
 */
public final class QueryForm {
    /** The most parameters one request may carry. */
    public static final int MAX_PARAMETERS = 10_000;

    public static final String MALFORMED_QUERY_STRING = "MalformedQueryString";
    public static final String INVALID_QUERY_PARAMETER = "InvalidQueryParameter";

    private final NavigableMap<String, String> params;

    private QueryForm(NavigableMap<String, String> params) {
        this.params = params;
    }

    /**
     * Parses the raw query string (after {@code ?}, may be null) and the form body (null when the request has none
     * or it is not form-encoded).
     *
     * @throws ProtocolException {@code MalformedQueryString} or {@code InvalidQueryParameter}, see the class notes
     */
    public static QueryForm parse(String rawQuery, byte[] body) {
        TreeMap<String, String> params = new TreeMap<>();
        if (rawQuery != null) addAll(params, rawQuery);
        if (body != null && body.length > 0) addAll(params, new String(body, StandardCharsets.ISO_8859_1));
        return new QueryForm(params);
    }

    /** The value of parameter {@code name}, or null. */
    public String get(String name) {
        return params.get(name);
    }

    /** All parameters by name, sorted. */
    public NavigableMap<String, String> params() {
        return Collections.unmodifiableNavigableMap(params);
    }

    /** Whether any parameter name starts with {@code prefix}. */
    boolean hasPrefix(String prefix) {
        String k = params.ceilingKey(prefix);
        return k != null && k.startsWith(prefix);
    }

    /** The parameters whose names start with {@code prefix}, in name order. */
    NavigableMap<String, String> withPrefix(String prefix) {
        return params.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    /**
     * The decoded value of the first parameter named {@code name} in a raw form ({@code a=1&b=2}), or null; a
     * broken escape in that value gives null (the full parse reports it later).
     */
    public static String find(String raw, String name) {
        if (raw == null) return null;
        int n = raw.length();
        int start = 0;
        while (start < n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end - start > name.length()
                    && raw.charAt(start + name.length()) == '='
                    && raw.startsWith(name, start)) {
                try {
                    return decode(raw, start + name.length() + 1, end);
                } catch (ProtocolException e) {
                    return null;
                }
            }
            if (end - start == name.length() && raw.startsWith(name, start)) return "";
            start = end + 1;
        }
        return null;
    }

    /** {@link #find} in a body given as bytes (a form body is ASCII). */
    public static String find(byte[] body, String name) {
        return body == null || body.length == 0 ? null : find(new String(body, StandardCharsets.ISO_8859_1), name);
    }

    private static void addAll(TreeMap<String, String> params, String raw) {
        int n = raw.length();
        int start = 0;
        while (start < n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = raw.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                if (nameEnd > start) {
                    String name = decode(raw, start, nameEnd);
                    String value = nameEnd < end ? decode(raw, nameEnd + 1, end) : "";
                    if (!params.containsKey(name)) {
                        if (params.size() == MAX_PARAMETERS) {
                            throw new ProtocolException(
                                    INVALID_QUERY_PARAMETER,
                                    400,
                                    "The request has more than " + MAX_PARAMETERS + " parameters.");
                        }
                        params.put(name, value);
                    }
                }
            }
            start = end + 1;
        }
    }

    /** Form-decodes {@code raw[from, to)}: {@code +} is a space, {@code %XX} a byte; the bytes must be UTF-8. */
    static String decode(String raw, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = raw.charAt(i);
            plain = c != '%' && c != '+' && c < 0x80;
        }
        if (plain) return raw.substring(from, to);
        byte[] bytes = new byte[to - from];
        int len = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes[len++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw malformed("Incomplete trailing escape (%) pattern in '" + raw.substring(from, to) + "'.");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed("Illegal hex characters in escape (%) pattern: " + raw.substring(i, i + 3) + ".");
                }
                bytes[len++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else {
                // raw was read as ISO-8859-1: each char is one byte of the request
                bytes[len++] = (byte) c;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes, 0, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed("A parameter is not UTF-8 once its escapes are decoded.");
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(MALFORMED_QUERY_STRING, 404, message);
    }
}
