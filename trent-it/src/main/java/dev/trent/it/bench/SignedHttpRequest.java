package dev.trent.it.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One AWS JSON 1.1 request to {@code POST /}, signed once with the AWS SDK's own SigV4 signer
 * ({@link AwsV4HttpSigner}) and then replayed byte for byte: a SigV4 signature stays valid for 15 minutes after its
 * {@code X-Amz-Date}, which AWS (and Trent) accept, so a load generator need not sign per request.
 *
 * <p>The headers are the ones the AWS SDK for Java v2 sends for a KMS call (including its unsigned
 * {@code User-Agent}), so the server parses and canonicalizes a realistic request.
 */
record SignedHttpRequest(String operation, List<Map.Entry<String, String>> headers, byte[] body) {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String USER_AGENT = "aws-sdk-java/2.56.0 md/io#sync md/http#UrlConnection ua/2.1"
            + " os/Linux#6.1 lang/java#25 md/OpenJDK_64-Bit_Server_VM#25 md/vendor#Eclipse_Adoptium md/en_US"
            + " m/D,N,e";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    /** Signs {@code TrentService.<operation>} with {@code body} for the server at {@code host:port}, now. */
    static SignedHttpRequest sign(
            String host, int port, String region, String accessKeyId, String secret, String operation, byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + host + ":" + port + "/"))
                .putHeader("Host", host + ":" + port)
                .putHeader("amz-sdk-invocation-id", UUID.randomUUID().toString())
                .putHeader("amz-sdk-request", "attempt=1; max=4")
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("X-Amz-Target", "TrentService." + operation)
                .build();
        SignedRequest signed = SIGNER.sign(r -> r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Authorization"))) {
            throw new IllegalStateException("the SDK signer added no Authorization header");
        }
        return new SignedHttpRequest(operation, List.copyOf(headers), body.clone());
    }

    /** Signs an AWS Query request ({@code Action=...} form) for {@code service} (e.g. {@code iam}) in us-east-1. */
    static SignedHttpRequest signQuery(
            String host, int port, String accessKeyId, String secret, String service, byte[] form) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + host + ":" + port + "/"))
                .putHeader("Host", host + ":" + port)
                .putHeader("Content-Length", Integer.toString(form.length))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("User-Agent", USER_AGENT)
                .build();
        SignedRequest signed = SIGNER.sign(r -> r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        return new SignedHttpRequest(service, List.copyOf(headers), form.clone());
    }

    /** The request as it goes on the wire: HTTP/1.1, keep-alive (the default), headers, body. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + body.length);
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers)
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * A wrk script that sends exactly this request (wrk adds nothing: Host and Content-Length are set here, to the
     * signed values).
     */
    String wrkScript() {
        StringBuilder s = new StringBuilder("-- generated by dev.trent.it.bench.KmsLoadBenchmark: a SigV4-signed ")
                .append(operation)
                .append(", valid for 15 minutes\n");
        s.append("wrk.method = \"POST\"\n");
        s.append("wrk.path = \"/\"\n");
        s.append("wrk.body = ")
                .append(luaString(new String(body, StandardCharsets.UTF_8)))
                .append('\n');
        for (Map.Entry<String, String> h : headers) {
            s.append("wrk.headers[")
                    .append(luaString(h.getKey()))
                    .append("] = ")
                    .append(luaString(h.getValue()))
                    .append('\n');
        }
        return s.toString();
    }

    private static String luaString(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"', '\\' -> s.append('\\').append(c);
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("non-ASCII in a request: " + v);
                    s.append(c);
                }
            }
        }
        return s.append('"').toString();
    }
}
