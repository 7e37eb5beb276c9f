package dev.trent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw AWS JSON 1.1 requests to Trent, signed with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}) and
 * sent with {@link java.net.http.HttpClient}, so tests can send bodies and headers no SDK client would.
 */
final class SignedHttp {
    static final String JSON_11 = "application/x-amz-json-1.1";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    record Response(int status, String contentType, String body, String requestId) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + body, e);
            }
        }

        String type() {
            return json().path("__type").asText(null);
        }

        String message() {
            return json().path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    SignedHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Signs a POST / for the given KMS operation with the SDK signer and returns the headers to send. */
    static Map<String, String> sign(
            URI endpoint, String target, byte[] body, String accessKeyId, String secret, String region, Clock clock) {
        return sign(endpoint, target, body, accessKeyId, secret, region, "kms", clock);
    }

    static Map<String, String> sign(
            URI endpoint,
            String target,
            byte[] body,
            String accessKeyId,
            String secret,
            String region,
            String service,
            Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", JSON_11)
                .putHeader("X-Amz-Target", target)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            headers.put(h.getKey(), String.join(",", h.getValue()));
        }
        return headers;
    }

    Response send(Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            // the client sets Host (to the same host:port the signer saw) and Content-Length itself
            if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) b.header(k, v);
        });
        return send(b.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null),
                    r.body(),
                    r.headers().firstValue("x-amzn-RequestId").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }
}
