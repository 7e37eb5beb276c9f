package dev.trent.it;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** AWS SDK clients of IAM, STS, Organizations, KMS, SSM and Secrets Manager for a Trent endpoint and any credentials; no retries. */
final class IdentityClients {
    private IdentityClients() {}

    static AwsCredentials basic(String accessKeyId, String secret) {
        return AwsBasicCredentials.create(accessKeyId, secret);
    }

    static AwsCredentials session(Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    static AwsCredentials admin(RunningTrent trent) {
        return basic(trent.admin().accessKeyId(), trent.admin().secretAccessKey());
    }

    static IamClient iam(URI endpoint, AwsCredentials credentials) {
        return build(IamClient.builder(), endpoint, Region.AWS_GLOBAL, credentials);
    }

    static StsClient sts(URI endpoint, AwsCredentials credentials) {
        return build(StsClient.builder(), endpoint, Region.US_EAST_1, credentials);
    }

    static OrganizationsClient organizations(URI endpoint, AwsCredentials credentials) {
        return build(OrganizationsClient.builder(), endpoint, Region.US_EAST_1, credentials);
    }

    static software.amazon.awssdk.services.cloudtrail.CloudTrailClient cloudtrail(
            URI endpoint, AwsCredentials credentials) {
        return software.amazon.awssdk.services.cloudtrail.CloudTrailClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(http())
                .overrideConfiguration(noRetries())
                .build();
    }

    static KmsClient kms(URI endpoint, AwsCredentials credentials) {
        return build(KmsClient.builder(), endpoint, Region.US_EAST_1, credentials);
    }

    static SsmClient ssm(URI endpoint, AwsCredentials credentials) {
        return build(SsmClient.builder(), endpoint, Region.US_EAST_1, credentials);
    }

    static SecretsManagerClient secretsManager(URI endpoint, AwsCredentials credentials) {
        return build(SecretsManagerClient.builder(), endpoint, Region.US_EAST_1, credentials);
    }

    /** Any service's client for {@code endpoint} and {@code credentials}: URL-connection HTTP, no retries. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, URI endpoint, Region region, AwsCredentials credentials) {
        return builder.endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(http())
                .overrideConfiguration(noRetries())
                .build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .build();
    }
}
