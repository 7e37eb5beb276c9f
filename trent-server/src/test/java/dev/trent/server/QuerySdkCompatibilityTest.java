package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The Query protocol against the AWS SDK for Java v2's own Query serializer and XML parser: {@link StsClient} and
 * {@link IamClient} over real HTTP, and a presigned STS GET as EKS tokens are made.
 */
class QuerySdkCompatibilityTest {
    static QueryTestServer server;
    static StsClient sts;
    static IamClient iam;

    @BeforeAll
    static void start() {
        server = new QueryTestServer();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(QueryTestServer.ACCESS_KEY, QueryTestServer.SECRET));
        sts = StsClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        iam = IamClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        if (sts != null) sts.close();
        if (iam != null) iam.close();
        if (server != null) server.close();
    }

    @Test
    void getCallerIdentity() {
        GetCallerIdentityResponse r = sts.getCallerIdentity();
        assertThat(r.account()).isEqualTo("111122223333");
        assertThat(r.arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(r.userId()).isEqualTo(QueryTestServer.ACCESS_KEY);
        assertThat(r.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void listUsersWithListsAndTimestamps() {
        List<User> users = iam.listUsers().users();
        assertThat(users).extracting(User::userName).containsExactly("alice", "bob");
        assertThat(users.get(0).createDate()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(users.get(0).passwordLastUsed()).isNull();
        assertThat(users.get(1).passwordLastUsed()).isEqualTo(Instant.parse("2026-02-03T04:05:06.789Z"));
        assertThat(iam.listUsers().isTruncated()).isFalse();
    }

    @Test
    void getUserWithNestedTagsAndEscapedText() {
        User alice = iam.getUser(b -> b.userName("alice")).user();
        assertThat(alice.arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(alice.createDate()).isEqualTo(Instant.parse("2026-01-02T03:04:05.250Z"));
        assertThat(alice.tags())
                .containsExactly(
                        Tag.builder().key("team").value("kms").build(),
                        Tag.builder().key("env").value("dev & <test>").build());
    }

    @Test
    void requestListsReachTheHandler() {
        User carol = iam.createUser(b -> b.userName("carol")
                        .path("/eng/")
                        .tags(
                                Tag.builder().key("a").value("1").build(),
                                Tag.builder().key("b").value("2").build()))
                .user();
        assertThat(carol.path()).isEqualTo("/eng/");
        assertThat(carol.tags()).extracting(Tag::key).containsExactly("a", "b");
        iam.deleteUser(b -> b.userName("carol"));
    }

    @Test
    void modelledErrorsBecomeTheirExceptions() {
        assertThatThrownBy(() -> iam.getUser(b -> b.userName("nobody")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The user with name nobody cannot be found.");
                    assertThat(e.requestId()).matches("[0-9a-f-]{36}");
                });
        assertThatThrownBy(() -> iam.createUser(b -> b.userName("alice")))
                .isInstanceOfSatisfying(
                        EntityAlreadyExistsException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void validationAndAuthenticationErrors() {
        assertThatThrownBy(() -> iam.createUser(b -> b.userName("a b")))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value 'a b' at 'userName' failed to satisfy"
                                    + " constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
                });
        try (StsClient stranger = StsClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(stranger::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
        }
        try (StsClient wrongSecret = StsClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(QueryTestServer.ACCESS_KEY, "not-the-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(wrongSecret::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            });
        }
    }

    /** An EKS-style token: GetCallerIdentity presigned as a GET with a signed {@code x-k8s-aws-id} header. */
    @Test
    void aPresignedGetCallerIdentityUrl() throws Exception {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(server.endpoint() + "/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", "my-cluster")
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(b -> b.identity(AwsCredentialsIdentity.create(QueryTestServer.ACCESS_KEY, QueryTestServer.SECRET))
                        .request(unsigned)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60)))
                .request();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(signed.getUri())
                        .header("x-k8s-aws-id", "my-cluster")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(ok.body()).contains("<Account>111122223333</Account>");

        HttpResponse<String> otherCluster = http.send(
                HttpRequest.newBuilder(signed.getUri())
                        .header("x-k8s-aws-id", "another-cluster")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherCluster.statusCode()).isEqualTo(403);
        assertThat(otherCluster.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }
}
