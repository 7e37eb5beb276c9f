package dev.trent.server.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as received, independent of the server library.
 *
 * @param method   the request method as sent (e.g. {@code POST})
 * @param rawPath  the path exactly as on the request line (still percent-encoded, without the query);
 *                 {@code null} or empty means {@code /}
 * @param rawQuery the query exactly as on the request line, without the {@code ?}; {@code null} if none
 * @param headers  every header line in wire order, duplicates allowed, names in any case. HTTP/2 adapters should
 *                 present {@code :authority} as {@code host}. Not copied.
 * @param body     the full request body; {@code null} means empty. Not copied.
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        if (body == null) {
            body = EMPTY;
        }
    }

    /** The first header with this name (case-insensitive), or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (name.equalsIgnoreCase(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "SignedRequest[" + method + " " + rawPath + (rawQuery == null ? "" : "?<query>") + ", " + headers.size()
                + " headers, " + body.length + " body bytes]";
    }
}
