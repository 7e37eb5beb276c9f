package dev.trent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.server.ServerConfig;
import dev.trent.server.TrentServer;
import dev.trent.server.quota.QuotaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A real Trent server on an ephemeral loopback port with its own data directory, and real AWS SDK clients for
 * it. Tests create one per class (or per test when they restart it).
 */
public final class RunningTrent implements AutoCloseable {
    private final Path dataDir;
    private final ServerConfig config;
    private final Clock clock;
    private TrentServer server;
    private final Credentials admin;

    public record Credentials(String accountId, String accessKeyId, String secretAccessKey) {}

    /**
     * A server on {@code dataDir} with the default settings but for request quotas, which are off: the tests check
     * behaviour, not rates, and their clients do not retry ({@code RequestQuotasTest} runs with AWS's quotas).
     */
    public RunningTrent(Path dataDir) {
        this(dataDir, testConfig(dataDir));
    }

    /** The default settings on an ephemeral port, without request quotas (see {@link #RunningTrent(Path)}). */
    public static ServerConfig testConfig(Path dataDir) {
        return ServerConfig.defaults().toBuilder()
                .port(0)
                .dataDir(dataDir)
                .requestQuotas(new QuotaSettings(false, java.util.List.of()))
                .build();
    }

    public RunningTrent(Path dataDir, ServerConfig config) {
        this(dataDir, config, Clock.systemUTC());
    }

    /** A server whose key service and SigV4 verifier read time from {@code clock}. */
    public RunningTrent(Path dataDir, ServerConfig config, Clock clock) {
        this.dataDir = dataDir;
        this.config = config;
        this.clock = clock;
        start();
        this.admin = readAdmin(dataDir);
    }

    private void start() {
        try {
            server = TrentServer.start(config, clock, new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops and starts the server on the same data directory (a new port). */
    public void restart() {
        server.close();
        start();
    }

    public static Credentials readAdmin(Path dataDir) {
        try {
            JsonNode n = new ObjectMapper()
                    .readTree(Files.readAllBytes(dataDir.resolve(TrentServer.ADMIN_CREDENTIALS_FILE)));
            return new Credentials(
                    n.get("AccountId").asText(),
                    n.get("AccessKeyId").asText(),
                    n.get("SecretAccessKey").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TrentServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Credentials admin() {
        return admin;
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public KmsClient kms() {
        return kms(Region.US_EAST_1);
    }

    public KmsClient kms(Region region) {
        return kms(region, admin.accessKeyId(), admin.secretAccessKey());
    }

    public KmsClient kms(Region region, String accessKeyId, String secret) {
        return client(endpoint(), region, accessKeyId, secret);
    }

    /** An AWS SDK client for any Trent endpoint: no retries, so every failure is seen as it happened. */
    public static KmsClient client(URI endpoint, Region region, String accessKeyId, String secret) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(1))
                        .build())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
