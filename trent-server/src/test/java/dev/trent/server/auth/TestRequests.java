package dev.trent.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the auth tests. */
final class TestRequests {

    private TestRequests() {}

    static Clock clockAt(String basicIso) {
        return Clock.fixed(Instant.ofEpochSecond(TimeWindow.parseBasicIso(basicIso)), ZoneOffset.UTC);
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** A lookup backed by a mutable map of access key id to secret (absent: Unknown). */
    static final class MapLookup implements SecretLookup {
        final Map<String, Result> keys = new HashMap<>();
        int calls;

        MapLookup put(String accessKeyId, String secret) {
            keys.put(accessKeyId, SecretLookup.known(secret.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        MapLookup trust(String accessKeyId) {
            keys.put(accessKeyId, SecretLookup.trustUnsigned());
            return this;
        }

        @Override
        public Result find(String accessKeyId) {
            calls++;
            return keys.getOrDefault(accessKeyId, SecretLookup.unknown());
        }
    }

    /** Mutable request builder. */
    static final class Req {
        String method = "POST";
        String path = "/";
        String query;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body = new byte[0];

        Req method(String m) {
            method = m;
            return this;
        }

        Req path(String p) {
            path = p;
            return this;
        }

        Req query(String q) {
            query = q;
            return this;
        }

        Req header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        Req body(String b) {
            body = b.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Req body(byte[] b) {
            body = b;
            return this;
        }

        /** Replaces the value of every header with this name (case-insensitive). */
        Req replaceHeader(String name, String value) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).getKey().equalsIgnoreCase(name)) {
                    headers.set(i, Map.entry(headers.get(i).getKey(), value));
                }
            }
            return this;
        }

        Req removeHeader(String name) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            return this;
        }

        Req copy() {
            Req r = new Req();
            r.method = method;
            r.path = path;
            r.query = query;
            r.headers.addAll(headers);
            r.body = body.clone();
            return r;
        }

        SignedRequest build() {
            return new SignedRequest(method, path, query, new ArrayList<>(headers), body);
        }
    }
}
