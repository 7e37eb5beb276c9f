package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A leaked presigned URL cannot be repurposed (issue: hardening): X-Amz-Target must be signed, the body is always
 * signed, a presigned request lives at most 15 minutes. And --dev mode answers only loopback Host names, so a web
 * page cannot drive a developer's Trent through DNS rebinding.
 */
class PresignedAndDevHostTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static String keyId;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        try (KmsClient kms = trent.kms()) {
            keyId = kms.createKey(b -> b.description("presign")).keyMetadata().keyId();
        }
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    /** A presigned POST / URL; {@code target} is signed only when the request carries it while signing. */
    private static URI presign(
            String target, byte[] body, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SdkHttpRequest.Builder req = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(trent.endpoint().resolve("/"))
                .putHeader("Content-Type", SignedHttp.JSON_11);
        if (target != null) req.putHeader("X-Amz-Target", target);
        var signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(
                            trent.admin().accessKeyId(), trent.admin().secretAccessKey()))
                    .request(req.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10));
            extra.accept(r);
        });
        return signed.request().getUri();
    }

    private static SignedHttp.Response post(URI url, String target, String body, Map<String, String> extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", SignedHttp.JSON_11)
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(b::header);
        return new SignedHttp(trent.endpoint()).send(b.build());
    }

    @Test
    void aPresignedRequestWithItsTargetSignedWorks() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        URI url = presign("TrentService.ListKeys", body, r -> {});
        assertThat(url.getRawQuery()).contains("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-target");
        SignedHttp.Response r = post(url, "TrentService.ListKeys", "{}", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains(keyId);
    }

    @Test
    void aUrlThatSignsOnlyTheHostCannotBeUsedForAnotherOperation() {
        String body = "{\"KeyId\":\"" + keyId + "\"}";
        URI url = presign(null, body.getBytes(StandardCharsets.UTF_8), r -> {});
        SignedHttp.Response r = post(url, "TrentService.DisableKey", body, Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
        assertThat(r.message()).isEqualTo("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        try (KmsClient kms = trent.kms()) {
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().enabled())
                    .isTrue();
        }
    }

    @Test
    void anUnsignedPayloadCannotCarryAnAttackersBody() {
        URI url = presign(
                "TrentService.CreateKey",
                new byte[0],
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        SignedHttp.Response r = post(
                url,
                "TrentService.CreateKey",
                "{\"Description\":\"attacker's\"}",
                Map.of("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void devModeAnswersOnlyLoopbackHostNames(@TempDir Path devDir) throws IOException {
        ServerConfig config = RunningTrent.testConfig(devDir).withDev(true, "000000000000").toBuilder()
                .devHosts(List.of("trent.test"))
                .build();
        try (RunningTrent dev = new RunningTrent(devDir, config)) {
            int port = dev.endpoint().getPort();
            String rebound = raw(port, "attacker.example:" + port);
            assertThat(rebound)
                    .startsWith("HTTP/1.1 400")
                    .contains("AccessDeniedException")
                    .contains("--dev-host");
            assertThat(raw(port, "localhost:" + port)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "trent.test:" + port)).startsWith("HTTP/1.1 200");
        }
    }

    /** ListKeys with a junk signature (dev mode does not check it) and the given Host header, over a socket. */
    private static String raw(int port, String host) throws IOException {
        String body = "{}";
        String request = "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: TrentService.ListKeys\r\nX-Amz-Date: " + amzNow() + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=test/" + amzNow().substring(0, 8)
                + "/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature="
                + "0".repeat(64) + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static String amzNow() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now());
    }
}
