package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.QuotaOverride;
import dev.trent.server.ServerConfig;
import dev.trent.server.quota.QuotaStage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * AWS KMS's request quotas through the AWS SDK for Java v2: a request over its quota gets {@code ThrottlingException}
 * (HTTP 400, AWS's message); the SDK's standard retry strategy (exponential backoff with jitter) gets every request
 * of a burst through; the cryptographic quota a request draws from is its key's type's; quotas are per account and
 * change while the server runs.
 */
class RequestQuotasTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    static String symmetricKey;
    static String rsaKey;

    @BeforeAll
    static void start() {
        // AWS's defaults, as `trent server` runs (RunningTrent's default turns them off for the other tests)
        trent = new RunningTrent(dir, ServerConfig.defaults().withPort(0).withDataDir(dir));
        kms = trent.kms();
        symmetricKey = kms.createKey(b -> b.description("quota")).keyMetadata().keyId();
        rsaKey = kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    @AfterEach
    void defaults() {
        trent.server().requestQuotas().setOverrides(List.of());
    }

    private static void limit(String account, dev.trent.core.quota.RequestQuota quota, double perSecond) {
        trent.server().requestQuotas().setOverrides(List.of(new QuotaOverride(account, null, quota, perSecond)));
    }

    private static int encryptBurst(KmsClient client, int calls, List<KmsException> throttled) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> client.encrypt(
                        b -> b.keyId(symmetricKey).plaintext(SdkBytes.fromString("x", StandardCharsets.UTF_8)))));
            }
            int ok = 0;
            for (Future<?> f : futures) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof KmsException k)) throw e;
                    throttled.add(k);
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overQuotaIsThrottlingExceptionWithAwsWording() throws Exception {
        limit(trent.admin().accountId(), KmsRequestQuotas.SYMMETRIC, 5);
        List<KmsException> throttled = new ArrayList<>();
        int ok = encryptBurst(kms, 40, throttled); // RunningTrent's clients do not retry
        assertThat(ok).isBetween(5, 39);
        assertThat(throttled).isNotEmpty();
        KmsException e = throttled.getFirst();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(QuotaStage.THROTTLED_MESSAGE);
        assertThat(e.isThrottlingException()).isTrue();
    }

    @Test
    void theSdksStandardRetryGetsEveryRequestOfABurstThrough() throws Exception {
        limit(trent.admin().accountId(), KmsRequestQuotas.SYMMETRIC, 10);
        try (KmsClient retrying = KmsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + trent.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        trent.admin().accessKeyId(), trent.admin().secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(10)
                                .build())
                        .build())
                .build()) {
            List<KmsException> throttled = new ArrayList<>();
            assertThat(encryptBurst(retrying, 40, throttled)).isEqualTo(40);
            assertThat(throttled).isEmpty();
        }
    }

    @Test
    void quotasArePerAccountAndPerKeyType() {
        // a tiny symmetric quota for another account leaves this one alone
        limit("999988887777", KmsRequestQuotas.SYMMETRIC, 1);
        for (int i = 0; i < 20; i++) {
            kms.encrypt(b -> b.keyId(symmetricKey).plaintext(SdkBytes.fromString("x", StandardCharsets.UTF_8)));
        }
        // Sign with an RSA key draws from the RSA quota, not the symmetric one
        limit(trent.admin().accountId(), KmsRequestQuotas.RSA, 1);
        for (int i = 0; i < 5; i++) {
            kms.encrypt(b -> b.keyId(symmetricKey).plaintext(SdkBytes.fromString("x", StandardCharsets.UTF_8)));
        }
        SdkBytes message = SdkBytes.fromString("m", StandardCharsets.UTF_8);
        kms.sign(b -> b.keyId(rsaKey).message(message).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256));
        assertThatThrownBy(() -> kms.sign(b ->
                        b.keyId(rsaKey).message(message).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
    }

    @Test
    void managementOperationsHaveTheirOwnQuota() {
        limit(trent.admin().accountId(), KmsRequestQuotas.ofOperation("DescribeKey"), 2);
        kms.describeKey(b -> b.keyId(symmetricKey));
        kms.describeKey(b -> b.keyId(symmetricKey));
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId(symmetricKey)))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
        // another operation is not affected
        kms.getKeyPolicy(b -> b.keyId(symmetricKey));
        kms.encrypt(b -> b.keyId(symmetricKey).plaintext(SdkBytes.fromString("x", StandardCharsets.UTF_8)));
    }
}
