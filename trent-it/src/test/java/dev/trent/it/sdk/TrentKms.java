package dev.trent.it.sdk;

import dev.trent.it.RunningTrent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Dev-mode Trent servers and KMS clients for the envelope-encryption tests. */
final class TrentKms {
    static final String ACCOUNT = "111122223333";

    private TrentKms() {}

    /** A dev-mode server (any access key is the root of {@link #ACCOUNT}) on an ephemeral loopback port. */
    static RunningTrent start(Path dir) {
        return new RunningTrent(dir, RunningTrent.testConfig(dir).withDev(true, ACCOUNT));
    }

    /** A KMS client for {@code endpoint} in {@code region} (keys live per region), optionally counting requests. */
    static KmsClient client(URI endpoint, Region region, RequestCounter counter) {
        ClientOverrideConfiguration.Builder o =
                ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1));
        if (counter != null) {
            o.addExecutionInterceptor(counter);
        }
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSDKINTEROP", "secret")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o.build())
                .build();
    }

    static String createKey(KmsClient kms, String description) {
        return kms.createKey(b -> b.description(description)).keyMetadata().arn();
    }

    /** Counts the KMS operations a client sends, by operation name (GenerateDataKey, Decrypt, ...). */
    static final class RequestCounter implements ExecutionInterceptor {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            counts.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        }

        int get(String operation) {
            AtomicInteger n = counts.get(operation);
            return n == null ? 0 : n.get();
        }

        void reset() {
            counts.clear();
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }
}
