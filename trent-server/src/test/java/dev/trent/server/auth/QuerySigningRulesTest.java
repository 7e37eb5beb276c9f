package dev.trent.server.auth;

import static dev.trent.server.auth.SdkSignerCrossCheckTest.AKID;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.NOW;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.SECRET;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** {@link SigningRules#QUERY}: what IAM and STS demand of a signature, checked with the SDK v2 signer. */
class QuerySigningRulesTest {
    private static final String FORM = "Action=GetCallerIdentity&Version=2011-06-15";
    private final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);

    private VerifiedCaller verifyAt(SignedRequest r, Instant now, SigningRules rules) throws AuthException {
        return new SigV4Verifier(lookup, TestRequests.clockAt(now)).verify(r, "sts", rules);
    }

    private static SignedRequest stsPost(String region, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SdkHttpFullRequest req = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("https")
                .host("sts.amazonaws.com")
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        return sign(
                req,
                FORM.getBytes(StandardCharsets.US_ASCII),
                AwsCredentialsIdentity.create(AKID, SECRET),
                region,
                b -> {
                    b.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts");
                    extra.accept(b);
                });
    }

    private static SignedRequest presignedGet(Duration expires) {
        SdkHttpFullRequest req = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host("sts.amazonaws.com")
                .encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", "cluster")
                .build();
        return sign(
                req,
                new byte[0],
                AwsCredentialsIdentity.create(AKID, SECRET),
                "us-east-1",
                b -> b.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires));
    }

    @Test
    void aFormPostVerifies() throws Exception {
        VerifiedCaller c = verifyAt(stsPost("eu-west-1", b -> {}), NOW, SigningRules.QUERY);
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.service()).isEqualTo("sts");
    }

    @Test
    void theGlobalPseudoRegionsAreAcceptedForQueryServicesOnly() throws Exception {
        SignedRequest global = stsPost("aws-global", b -> {});
        assertThat(verifyAt(global, NOW, SigningRules.QUERY).region()).isEqualTo("aws-global");
        assertThatThrownBy(() -> verifyAt(global, NOW, SigningRules.AWS_JSON))
                .isInstanceOf(AuthException.class)
                .hasMessage("Credential should be scoped to a valid region, not 'aws-global'. ");
        assertThatThrownBy(() -> verifyAt(stsPost("mars-north-1", b -> {}), NOW, SigningRules.QUERY))
                .hasMessage("Credential should be scoped to a valid region, not 'mars-north-1'. ");
    }

    @Test
    void theBodyIsAlwaysSigned() throws Exception {
        SignedRequest unsigned =
                stsPost("us-east-1", b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(unsigned.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        verifyAt(unsigned, NOW, SigningRules.GENERIC);
        assertThatThrownBy(() -> verifyAt(unsigned, NOW, SigningRules.QUERY))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidSignatureException"))
                .hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
        SignedRequest other = stsPost("us-east-1", b -> {});
        SignedRequest changed = new SignedRequest(
                other.method(),
                other.rawPath(),
                other.rawQuery(),
                other.headers(),
                "Action=GetSessionToken&Version=2011-06-15".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> verifyAt(changed, NOW, SigningRules.QUERY))
                .isInstanceOfSatisfying(
                        AuthException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void presignedUrlsWorkAndLiveAtMostFifteenMinutes() throws Exception {
        SignedRequest hour = presignedGet(Duration.ofHours(1));
        assertThat(hour.rawQuery()).contains("X-Amz-Expires=3600");
        verifyAt(hour, NOW.plusSeconds(900), SigningRules.QUERY);
        assertThatThrownBy(() -> verifyAt(hour, NOW.plusSeconds(901), SigningRules.QUERY))
                .hasMessageEndingWith(" - 15 min.)");
        SignedRequest minute = presignedGet(Duration.ofSeconds(60));
        verifyAt(minute, NOW.plusSeconds(60), SigningRules.QUERY);
        assertThatThrownBy(() -> verifyAt(minute, NOW.plusSeconds(61), SigningRules.QUERY))
                .hasMessageEndingWith(" - 1 min.)");
    }
}
