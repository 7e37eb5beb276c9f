package dev.trent.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs requests with the AWS SDK for Java v2's own signer ({@link AwsV4HttpSigner}, what every v2 client uses)
 * and checks the verifier accepts them as they would arrive on the wire, and rejects them after tampering.
 */
class SdkSignerCrossCheckTest {

    static final String AKID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2026-11-23T10:35:00Z");
    static final Clock CLOCK = TestRequests.clockAt(NOW);
    static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);
    final SigV4Verifier verifier = new SigV4Verifier(lookup, CLOCK);

    static SdkHttpFullRequest.Builder kmsPost(String target, String json) {
        return SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("https")
                .host("kms.eu-central-1.amazonaws.com")
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService." + target)
                .putHeader("Content-Length", Integer.toString(json.getBytes(StandardCharsets.UTF_8).length));
    }

    /** Signs and converts to what the server would see: one header line per value, the encoded path and query. */
    static SignedRequest sign(
            SdkHttpFullRequest request,
            byte[] body,
            AwsCredentialsIdentity identity,
            String region,
            Consumer<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        return signAt(CLOCK, request, body, identity, region, extra);
    }

    static SignedRequest signAt(
            Clock clock,
            SdkHttpFullRequest request,
            byte[] body,
            AwsCredentialsIdentity identity,
            String region,
            Consumer<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = SIGNER.sign(b -> {
            b.identity(identity)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            extra.accept(b);
        });
        return toWire(signed.request(), body);
    }

    static SignedRequest sign(SdkHttpFullRequest request, byte[] body) {
        return sign(request, body, AwsCredentialsIdentity.create(AKID, SECRET), "eu-central-1", b -> {});
    }

    static SignedRequest toWire(SdkHttpRequest r, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (r.firstMatchingHeader("Host").isEmpty()) {
            headers.add(Map.entry("Host", r.host()));
        }
        r.forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        String path = r.encodedPath().isEmpty() ? "/" : r.encodedPath();
        return new SignedRequest(
                r.method().name(), path, r.encodedQueryParameters().orElse(null), headers, body);
    }

    static SignedRequest with(SignedRequest r, String header, String value) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : r.headers()) {
            headers.add(h.getKey().equalsIgnoreCase(header) ? Map.entry(h.getKey(), value) : h);
        }
        return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    static void assertInvalidSignature(SigV4Verifier v, SignedRequest r) {
        assertThatThrownBy(() -> v.verify(r, "kms")).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.httpStatus()).isEqualTo(400);
        });
    }

    @Test
    void kmsJsonPost_verifies_andEveryPartIsCovered() throws AuthException {
        String json = "{\"KeyId\":\"alias/trent\",\"Plaintext\":\"aGVsbG8=\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SignedRequest r = sign(kmsPost("Encrypt", json).build(), body);

        VerifiedCaller c = verifier.verify(r, "kms");
        assertThat(c.accessKeyId()).isEqualTo(AKID);
        assertThat(c.region()).isEqualTo("eu-central-1");
        assertThat(c.signedAt()).isEqualTo(NOW);
        assertThat(c.signatureVerified()).isTrue();

        // body, each signed header, method, path, query
        assertInvalidSignature(
                verifier,
                new SignedRequest(
                        r.method(),
                        r.rawPath(),
                        r.rawQuery(),
                        r.headers(),
                        json.replace("aGVsbG8=", "aGVsbG9=").getBytes(StandardCharsets.UTF_8)));
        assertInvalidSignature(verifier, with(r, "X-Amz-Target", "TrentService.Decrypt"));
        assertInvalidSignature(verifier, with(r, "Content-Type", "application/json"));
        assertInvalidSignature(verifier, with(r, "Host", "evil.example.com"));
        assertInvalidSignature(verifier, new SignedRequest("PUT", r.rawPath(), r.rawQuery(), r.headers(), r.body()));
        assertInvalidSignature(verifier, new SignedRequest(r.method(), "/x", r.rawQuery(), r.headers(), r.body()));
        assertInvalidSignature(verifier, new SignedRequest(r.method(), r.rawPath(), "a=b", r.headers(), r.body()));
    }

    @Test
    void sessionCredentials_tokenIsReturned() throws AuthException {
        String json = "{}";
        SignedRequest r = sign(
                kmsPost("ListKeys", json).build(),
                json.getBytes(StandardCharsets.UTF_8),
                AwsSessionCredentialsIdentity.create(AKID, SECRET, "session/token+=="),
                "us-east-1",
                b -> {});
        assertThat(r.header("X-Amz-Security-Token")).isEqualTo("session/token+==");
        assertThat(verifier.verify(r, "kms").securityToken()).isEqualTo("session/token+==");
        assertInvalidSignature(verifier, with(r, "X-Amz-Security-Token", "other"));
    }

    @Test
    void queryWithReservedAndUnicodeCharacters_verifies() throws AuthException {
        SdkHttpFullRequest req = kmsPost("ListAliases", "{}")
                .putRawQueryParameter("a b", "c/d=e&f+g")
                .putRawQueryParameter("\u00fc", "\u20ac \ud83d\ude00")
                .putRawQueryParameter("multi", List.of("z", "a", "m"))
                .putRawQueryParameter("empty", "")
                .putRawQueryParameter("~-._", "!*'();:@$,[]")
                .build();
        SignedRequest r = sign(req, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.rawQuery()).contains("%20").contains("%2F");
        verifier.verify(r, "kms");
        assertInvalidSignature(
                verifier,
                new SignedRequest(
                        r.method(), r.rawPath(), r.rawQuery().replace("multi=z", "multi=y"), r.headers(), r.body()));
    }

    @Test
    void duplicateHeadersAndWhitespace_verify() throws AuthException {
        SdkHttpFullRequest req = kmsPost("ListKeys", "{}")
                .putHeader("X-Custom", List.of("second", "  first   value  ", "third\tone"))
                .putHeader("X-Spaces", "  a    b  ")
                .build();
        SignedRequest r = sign(req, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.headers().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("x-custom"))
                        .count())
                .isEqualTo(3);
        verifier.verify(r, "kms");

        // reordering the duplicate header lines changes the canonical value
        List<Map.Entry<String, String>> swapped = new ArrayList<>(r.headers());
        int first = -1;
        for (int i = 0; i < swapped.size(); i++) {
            if (swapped.get(i).getKey().equalsIgnoreCase("x-custom")) {
                if (first < 0) {
                    first = i;
                } else {
                    Map.Entry<String, String> t = swapped.get(first);
                    swapped.set(first, swapped.get(i));
                    swapped.set(i, t);
                    break;
                }
            }
        }
        assertInvalidSignature(verifier, new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), swapped, r.body()));
    }

    @Test
    void encodedPath_isDoubleEncodedLikeTheSdk() throws AuthException {
        SdkHttpFullRequest req = kmsPost("ListKeys", "{}")
                .encodedPath("/a%20b/c%2Fd/%E2%82%AC/~x")
                .build();
        SignedRequest r = sign(req, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.rawPath()).isEqualTo("/a%20b/c%2Fd/%E2%82%AC/~x");
        verifier.verify(r, "kms");
    }

    @Test
    void unsignedPayload_isAccepted_andContentShaIsChecked() throws AuthException {
        String json = "{\"KeyId\":\"k\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SignedRequest unsigned = sign(
                kmsPost("DescribeKey", json).build(),
                body,
                AwsCredentialsIdentity.create(AKID, SECRET),
                "eu-central-1",
                b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(unsigned.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        verifier.verify(unsigned, "kms");

        // with payload signing, an x-amz-content-sha256 header must match the body
        SignedRequest good = sign(kmsPost("DescribeKey", json).build(), body);
        verifier.verify(good, "kms");
        // (the v2 signer sends x-amz-content-sha256 itself; a client that does not is covered by the vectors)
        assertThat(good.header("x-amz-content-sha256")).hasSize(64);
        List<Map.Entry<String, String>> headers = new ArrayList<>(good.headers());
        headers.removeIf(h -> h.getKey().equalsIgnoreCase("x-amz-content-sha256"));
        headers.add(
                Map.entry("X-Amz-Content-Sha256", "8e3dc5a4b0f2e0d6da7a8e5a6f3e6d5ac1f7cb6e22b1c8c6a1f3a2a3c7b2a1f0"));
        SignedRequest lying = new SignedRequest(good.method(), good.rawPath(), good.rawQuery(), headers, body);
        assertThatThrownBy(() -> verifier.verify(lying, "kms")).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e).hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
        });
        // UNSIGNED-PAYLOAD cannot be smuggled into a request that was signed over the body hash
        headers.set(headers.size() - 1, Map.entry("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"));
        assertInvalidSignature(
                verifier,
                new SignedRequest(
                        good.method(),
                        good.rawPath(),
                        good.rawQuery(),
                        headers,
                        "{\"KeyId\":\"evil\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void presignedQueryAuth_verifies_andExpires() throws AuthException {
        SdkHttpFullRequest req = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host("kms.ap-south-1.amazonaws.com")
                .encodedPath("/")
                .putRawQueryParameter("Action", "ListKeys")
                .build();
        SignedRequest r = sign(
                req,
                new byte[0],
                AwsSessionCredentialsIdentity.create(AKID, SECRET, "tok/en=="),
                "ap-south-1",
                b -> b.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10)));
        assertThat(r.rawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=600");
        assertThat(r.header("Authorization")).isNull();

        VerifiedCaller c = verifier.verify(r, "kms");
        assertThat(c.region()).isEqualTo("ap-south-1");
        assertThat(c.securityToken()).isEqualTo("tok/en==");

        new SigV4Verifier(lookup, TestRequests.clockAt(NOW.plusSeconds(600))).verify(r, "kms");
        assertThatThrownBy(() -> new SigV4Verifier(lookup, TestRequests.clockAt(NOW.plusSeconds(601))).verify(r, "kms"))
                .hasMessage("Signature expired: 20261123T103500Z is now earlier than 20261123T103501Z "
                        + "(20261123T104501Z - 10 min.)");
        assertInvalidSignature(
                verifier,
                new SignedRequest(
                        r.method(),
                        r.rawPath(),
                        r.rawQuery().replace("ListKeys", "ListAliases"),
                        r.headers(),
                        r.body()));
        assertInvalidSignature(
                verifier,
                new SignedRequest(
                        r.method(),
                        r.rawPath(),
                        r.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=900"),
                        r.headers(),
                        r.body()));
    }

    /** Many random shapes: headers with odd whitespace and duplicates, queries, paths, bodies. */
    @Test
    void randomShapes_allVerify() throws AuthException {
        Random rnd = new Random(20261123);
        String chars = "abcXYZ019 -._~!*'()/?=&+%$,;:@#[]\u00e9\u20ac\ud83d\ude00";
        for (int n = 0; n < 300; n++) {
            SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                    .method(rnd.nextBoolean() ? SdkHttpMethod.POST : SdkHttpMethod.GET)
                    .protocol(rnd.nextBoolean() ? "https" : "http")
                    .host("trent.example")
                    .port(rnd.nextBoolean() ? 8443 : 443);
            StringBuilder path = new StringBuilder();
            for (int s = rnd.nextInt(4); s > 0; s--) {
                path.append('/')
                        .append(software.amazon.awssdk.utils.http.SdkHttpUtils.urlEncode(
                                "s" + random(rnd, chars, 1 + rnd.nextInt(6))));
            }
            b.encodedPath(path.length() == 0 ? "/" : path.toString());
            for (int q = rnd.nextInt(4); q > 0; q--) {
                b.appendRawQueryParameter("p" + random(rnd, chars, rnd.nextInt(4)), random(rnd, chars, rnd.nextInt(8)));
            }
            for (int h = rnd.nextInt(5); h > 0; h--) {
                String name = "x-h" + rnd.nextInt(3);
                String value = random(rnd, "ab c\t  d,e;f=g\"", 1 + rnd.nextInt(12));
                b.appendHeader(name, value);
            }
            byte[] body = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5000)];
            rnd.nextBytes(body);
            SignedRequest r = sign(b.build(), body);
            try {
                verifier.verify(r, "kms");
            } catch (AuthException e) {
                throw new AssertionError(
                        "shape " + n + " " + r.method() + " " + r.rawPath() + "?" + r.rawQuery() + " " + r.headers(),
                        e);
            }
        }
    }

    private static String random(Random rnd, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        int[] cps = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
