package dev.trent.server.auth;

import static dev.trent.server.auth.SdkSignerCrossCheckTest.AKID;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.NOW;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.SECRET;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.kmsPost;
import static dev.trent.server.auth.SdkSignerCrossCheckTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The rules of the AWS JSON services ({@link SigningRules#AWS_JSON}) that keep a leaked presigned URL from being
 * repurposed: the body is always signed, X-Amz-Target is signed whenever sent, and a presigned request lives at
 * most 15 minutes whatever its X-Amz-Expires says. Plain SigV4 ({@link SigningRules#GENERIC}) allows all three.
 */
class JsonServiceSigningRulesTest {
    private final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);

    private VerifiedCaller verifyAt(SignedRequest r, java.time.Instant now, SigningRules rules) throws AuthException {
        return new SigV4Verifier(lookup, TestRequests.clockAt(now)).verify(r, "kms", rules);
    }

    private static void assertRejected(ThrowingCall call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e).hasMessage(message);
        });
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    private static SignedRequest presignedListKeys(Duration expires) {
        SdkHttpFullRequest req = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("https")
                .host("kms.eu-central-1.amazonaws.com")
                .encodedPath("/")
                .build();
        return sign(
                req,
                new byte[0],
                AwsCredentialsIdentity.create(AKID, SECRET),
                "eu-central-1",
                b -> b.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires));
    }

    private static SignedRequest withHeader(SignedRequest r, String name, String value) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.add(Map.entry(name, value));
        return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    @Test
    void anUnsignedPayloadIsRefused() throws Exception {
        String json = "{\"KeyId\":\"k\"}";
        SignedRequest unsigned = sign(
                kmsPost("DescribeKey", json).build(),
                json.getBytes(StandardCharsets.UTF_8),
                AwsCredentialsIdentity.create(AKID, SECRET),
                "eu-central-1",
                b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(unsigned.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        verifyAt(unsigned, NOW, SigningRules.GENERIC);
        assertRejected(
                () -> verifyAt(unsigned, NOW, SigningRules.AWS_JSON),
                "InvalidSignatureException",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aPresignedUrlCannotBeTurnedIntoAnotherOperation() throws Exception {
        SignedRequest url = presignedListKeys(Duration.ofMinutes(5));
        verifyAt(url, NOW, SigningRules.AWS_JSON);
        SignedRequest repurposed = withHeader(url, "X-Amz-Target", "TrentService.DisableKey");
        verifyAt(repurposed, NOW, SigningRules.GENERIC); // plain SigV4 does not see the difference
        assertRejected(
                () -> verifyAt(repurposed, NOW, SigningRules.AWS_JSON),
                "InvalidSignatureException",
                "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void aSignedTargetIsFine() throws Exception {
        String json = "{}";
        SignedRequest r = sign(kmsPost("ListKeys", json).build(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(verifyAt(r, NOW, SigningRules.AWS_JSON).signatureVerified()).isTrue();
    }

    @Test
    void aPresignedRequestLivesAtMostFifteenMinutes() throws Exception {
        SignedRequest week = presignedListKeys(Duration.ofDays(7));
        assertThat(week.rawQuery()).contains("X-Amz-Expires=604800");
        verifyAt(week, NOW.plusSeconds(3600), SigningRules.GENERIC);
        verifyAt(week, NOW.plusSeconds(900), SigningRules.AWS_JSON);
        assertRejected(
                () -> verifyAt(week, NOW.plusSeconds(901), SigningRules.AWS_JSON),
                "InvalidSignatureException",
                "Signature expired: 20261123T103500Z is now earlier than 20261123T103501Z (20261123T105001Z - 15 min.)");
        // a shorter X-Amz-Expires still counts
        SignedRequest minute = presignedListKeys(Duration.ofMinutes(1));
        assertRejected(
                () -> verifyAt(minute, NOW.plusSeconds(61), SigningRules.AWS_JSON),
                "InvalidSignatureException",
                "Signature expired: 20261123T103500Z is now earlier than 20261123T103501Z (20261123T103601Z - 1 min.)");
    }
}
