package dev.trent.server.fuzz;

import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import dev.trent.server.pipeline.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed with the AWS SDK for Java v2's SigV4 signer (as every v2 client signs), with the fuzz server's
 * access key at its clock, in the Authorization header or presigned in the query string; and the raw form they
 * reach the pipeline in (method, URI with the query, headers, body), which the fuzz targets then mutate.
 */
final class SignedRequests {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    /** A request as the server receives it: mutable, so targets can change any part. */
    static final class Raw {
        String method;
        String path;
        String query;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body;

        String header(String name) {
            for (Map.Entry<String, String> h : headers) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
            return null;
        }

        void set(String name, String value) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            if (value != null) headers.add(Map.entry(name, value));
        }

        /** The exchange the pipeline gets; headers Netty's decoder would refuse are left out, as it would. */
        Exchange exchange(FuzzServer server) {
            HttpHeaders h = new DefaultHttpHeaders();
            for (Map.Entry<String, String> e : headers) {
                try {
                    h.add(e.getKey(), e.getValue());
                } catch (IllegalArgumentException refusedByNetty) {
                    // not a header a client can send through Netty's HTTP codec
                }
            }
            String uri = query == null ? path : path + "?" + query;
            return server.exchange(method, uri, null, body, h);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(method).append(' ').append(path);
            if (query != null) b.append('?').append(query);
            for (Map.Entry<String, String> h : headers)
                b.append("\n").append(h.getKey()).append(": ").append(h.getValue());
            String text = new String(body, StandardCharsets.UTF_8);
            return b.append("\n\n")
                    .append(text.length() > 500 ? text.substring(0, 500) + "..." : text)
                    .toString();
        }
    }

    private SignedRequests() {}

    /** A KMS request for {@code operation} with {@code json}, signed in the header, or presigned if asked. */
    static Raw sign(FuzzServer server, String operation, String json, boolean presign, Duration expires) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("http")
                .host("localhost")
                .port(4599)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService." + operation)
                .build();
        Clock clock = server.clock;
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = SIGNER.sign(b -> {
            b.identity(AwsCredentialsIdentity.create(
                            server.accessKey.accessKeyId(), server.accessKey.secretAccessKey()))
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, FuzzServer.REGION)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            if (presign) {
                b.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true);
            }
        });
        SdkHttpRequest r = signed.request();
        Raw raw = new Raw();
        raw.method = r.method().name();
        raw.path = r.encodedPath().isEmpty() ? "/" : r.encodedPath();
        raw.query = r.encodedQueryParameters().orElse(null);
        if (r.firstMatchingHeader("Host").isEmpty()) raw.headers.add(Map.entry("Host", "localhost:4599"));
        r.forEachHeader((name, values) -> values.forEach(v -> raw.headers.add(Map.entry(name, v))));
        raw.body = body;
        return raw;
    }

    /** A signed request of a few kinds that succeed unchanged: ListKeys, DescribeKey, Encrypt, GenerateRandom. */
    static Raw valid(Random r, FuzzServer server) {
        boolean presign = r.nextInt(4) == 0;
        Duration expires = Duration.ofSeconds(RandomJson.pick(r, List.of(60L, 300L, 900L)));
        return switch (r.nextInt(4)) {
            case 0 -> sign(server, "ListKeys", "{}", presign, expires);
            case 1 ->
                sign(
                        server,
                        "DescribeKey",
                        "{\"KeyId\":\"" + RandomJson.pick(r, server.keyRefs) + "\"}",
                        presign,
                        expires);
            case 2 ->
                sign(
                        server,
                        "Encrypt",
                        "{\"KeyId\":\"" + server.symmetricKeyId + "\",\"Plaintext\":\"aGVsbG8=\"}",
                        presign,
                        expires);
            default -> sign(server, "GenerateRandom", "{\"NumberOfBytes\":16}", presign, expires);
        };
    }
}
