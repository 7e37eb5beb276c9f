package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.QuotaOverride;
import dev.trent.server.ServerConfig;
import dev.trent.server.observe.HealthChecks;
import dev.trent.server.quota.QuotaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Metrics ({@code GET /metrics}), readiness ({@code /health}) and the access log of a running server, over HTTP and
 * through the AWS SDK.
 */
class ObservabilityTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    static Path accessLog;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        accessLog = dir.resolve("access.log");
        trent = new RunningTrent(
                data,
                ServerConfig.defaults().toBuilder()
                        .port(0)
                        .dataDir(data)
                        .accessLog(accessLog.toString())
                        .requestQuotas(new QuotaSettings(
                                true,
                                List.of(new QuotaOverride(
                                        null, null, KmsRequestQuotas.ofOperation("GetKeyPolicy"), 1))))
                        .build());
        kms = trent.kms();
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trent.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample named exactly {@code series} (name and labels), or -1. */
    private static double value(String body, String series) {
        return body.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(-1);
    }

    @Test
    void metricsCountWhatTheSdkDid() throws Exception {
        String keyId =
                kms.createKey(b -> b.description("metrics")).keyMetadata().keyId();
        for (int i = 0; i < 3; i++) {
            kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("hello")));
        }
        try {
            kms.describeKey(b -> b.keyId("alias/does-not-exist"));
        } catch (NotFoundException expected) {
            // counted as failed
        }
        kms.getKeyPolicy(b -> b.keyId(keyId));
        try {
            kms.getKeyPolicy(b -> b.keyId(keyId));
            kms.getKeyPolicy(b -> b.keyId(keyId));
        } catch (KmsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        }

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        // the tests share the server: counts are at least this test's
        assertThat(value(r.body(), "trent_requests_total{service=\"kms\",operation=\"Encrypt\",outcome=\"success\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(r.body(), "trent_requests_total{service=\"kms\",operation=\"CreateKey\",outcome=\"success\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(
                        r.body(), "trent_requests_total{service=\"kms\",operation=\"DescribeKey\",outcome=\"failed\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(
                        r.body(),
                        "trent_requests_total{service=\"kms\",operation=\"GetKeyPolicy\",outcome=\"throttled\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(r.body(), "trent_throttled_requests_total{quota=\"kms-get-key-policy\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(r.body(), "trent_request_duration_seconds_count{service=\"kms\",operation=\"Encrypt\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(r.body())
                .contains("trent_throttled_requests_total{quota=\"kms-cryptographic-symmetric\"} 0\n")
                .contains("trent_requests_in_flight ")
                .contains("trent_audit_journal_pending_events "); // the audit trail's own gauge
        assertThat(r.body()).doesNotContain(keyId); // no resource in any label
    }

    @Test
    void healthIsReadyUntilAPartFails() throws Exception {
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
        AtomicBoolean audit = new AtomicBoolean(false);
        trent.server().healthChecks().register(HealthChecks.AUDIT, audit::get);
        try {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"failing\":[\"audit\"]}");
            assertThat(get("/health").statusCode()).isEqualTo(503);
            assertThat(get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            audit.set(true);
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theAccessLogHasALinePerRequestAndNoSecrets() throws Exception {
        String keyId =
                kms.createKey(b -> b.description("access log")).keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName("alias/access-log").targetKeyId(keyId));
        String plaintext = "access-log-plaintext-4f7d";
        var ct = kms.encrypt(b -> b.keyId("alias/access-log").plaintext(SdkBytes.fromUtf8String(plaintext)));
        kms.decrypt(b -> b.ciphertextBlob(ct.ciphertextBlob()));
        String keyArn = "arn:aws:kms:us-east-1:" + trent.admin().accountId() + ":key/" + keyId;

        String encryptLine = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(accessLog, StandardCharsets.UTF_8);
            encryptLine = lines.stream()
                    .filter(l -> l.contains("operation=kms:Encrypt ") && l.contains(keyArn))
                    .findFirst()
                    .orElse(null);
            if (encryptLine != null && lines.stream().anyMatch(l -> l.contains("operation=kms:Decrypt "))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(encryptLine)
                .isNotNull()
                .contains(" principal=arn:aws:iam::" + trent.admin().accountId() + ":root ")
                .contains(" key=" + keyArn + " status=200 outcome=success error=- latencyMs=");
        String all = Files.readString(accessLog);
        assertThat(all)
                .doesNotContain(plaintext)
                .doesNotContain(java.util.Base64.getEncoder()
                        .encodeToString(ct.ciphertextBlob().asByteArray()))
                .doesNotContain(trent.admin().secretAccessKey());
        assertThat(all.lines()).allMatch(l -> l.startsWith("time="));
    }
}
