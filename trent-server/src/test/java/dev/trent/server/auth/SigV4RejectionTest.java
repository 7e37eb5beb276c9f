package dev.trent.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rejection, with the exact AWS error code, HTTP status and message. */
class SigV4RejectionTest {

    static final String AKID = "AKIDTRENTEXAMPLE01";
    static final String SECRET = "trent/Secret+Key/EXAMPLE0123456789abcdef";
    static final String NOW = "20261123T103500Z";
    static final String SCOPE = AKID + "/20261123/eu-west-3/kms/aws4_request";
    static final String SIG = "cad72ace42878a4e2c444af4b2c295de4ae8e7fb860680d49e789f4790c370f5";
    static final String SIGNED = "content-type;host;x-amz-date;x-amz-target";

    final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);
    final SigV4Verifier verifier = new SigV4Verifier(lookup, TestRequests.clockAt(NOW));

    static String authz(String credential, String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signedHeaders + ", Signature="
                + signature;
    }

    /** The botocore Encrypt request from {@link BotocoreVectorsTest} (valid as is), with a replaceable header. */
    static TestRequests.Req valid() {
        return BotocoreVectorsTest.encrypt();
    }

    static TestRequests.Req withAuthorization(String authorization) {
        return valid().replaceHeader("Authorization", authorization);
    }

    static void assertRejected(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    void assertRejected(TestRequests.Req r, String code, String message) {
        assertRejected(() -> verifier.verify(r.build(), "kms"), code, message);
    }

    @Test
    void theBaselineIsValid() throws AuthException {
        assertThat(verifier.verify(valid().build(), "kms").signatureVerified()).isTrue();
    }

    // ------------------------------------------------------------------ missing / both

    @Test
    void noAuthorizationAndNoQuery_missingAuthenticationToken() {
        assertRejected(
                valid().removeHeader("Authorization"),
                "MissingAuthenticationTokenException",
                "Missing Authentication Token");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "AWS4", "Bearer abc", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "aws4-hmac-sha256"})
    void authorizationNotStartingWithAws4Dash_missingAuthenticationToken(String value) {
        assertRejected(withAuthorization(value), "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void queryAuthWithoutAlgorithm_missingAuthenticationToken() {
        assertRejected(
                valid().removeHeader("Authorization")
                        .query("X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d"),
                "MissingAuthenticationTokenException",
                "Missing Authentication Token");
    }

    @Test
    void bothHeaderAndQuery_invalidSignature() {
        assertRejected(
                valid().query("X-Amz-Algorithm"),
                "InvalidSignatureException",
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        assertRejected(
                withAuthorization("X").query("X-Amz-Algorithm=AWS4-HMAC-SHA256"),
                "InvalidSignatureException",
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    }

    // ------------------------------------------------------------------ incomplete

    @Test
    void bareAws4Dash_listsEveryMissingPart() {
        assertRejected(
                withAuthorization("AWS4-").removeHeader("X-Amz-Date"),
                "IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. "
                        + "Authorization header requires 'SignedHeaders' parameter. "
                        + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                        + "Authorization=AWS4-");
    }

    @Test
    void missingSignedHeaders_spaceOrCommaSeparated() {
        assertRejected(
                withAuthorization("AWS4- Signature=b Credential=a"),
                "IncompleteSignatureException",
                "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b Credential=a");
        assertRejected(
                withAuthorization("AWS4- Signature=b,Credential=a"),
                "IncompleteSignatureException",
                "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b,Credential=a");
    }

    @Test
    void missingCredentialAndEmptySignature() {
        String h = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=";
        assertRejected(
                withAuthorization(h),
                "IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. Authorization=" + h);
    }

    @Test
    void missingDate() {
        String h = authz(SCOPE, SIGNED, SIG);
        assertRejected(
                valid().removeHeader("X-Amz-Date"),
                "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization="
                        + h);
    }

    @Test
    void componentWithoutEqualSign() {
        String h = "AWS4-HMAC-SHA256 Credential= " + SCOPE + ", SignedHeaders=" + SIGNED + ", Signature=" + SIG;
        assertRejected(
                withAuthorization(h),
                "IncompleteSignatureException",
                "'" + SCOPE + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + h
                        + "'.");
    }

    @Test
    void presignedWithOnlyAlgorithmName_listsAllFive() {
        assertRejected(
                new TestRequests.Req().method("GET").query("X-Amz-Algorithm").header("Host", "h"),
                "IncompleteSignatureException",
                "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                        + "AWS query-string parameters must include 'X-Amz-Credential'. "
                        + "AWS query-string parameters must include 'X-Amz-Signature'. "
                        + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                        + "AWS query-string parameters must include 'X-Amz-Date'. "
                        + "Re-examine the query-string parameters.");
    }

    @Test
    void presignedMissingSignedHeaders() {
        assertRejected(
                new TestRequests.Req()
                        .method("GET")
                        .header("Host", "h")
                        .query("X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d"),
                "IncompleteSignatureException",
                "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "201",
                "20261123T103500",
                "2026-11-23T10:35:00Z",
                "20261123T103500z",
                "20260231T103500Z",
                "20261123T246000Z",
                "Mon, 23 Nov 2026 10:35:00 GMT"
            })
    void dateNotIsoBasic(String date) {
        assertRejected(
                valid().replaceHeader("X-Amz-Date", date),
                "IncompleteSignatureException",
                "Date must be in ISO-8601 'basic format'. Got '" + date
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void dateHeaderIsUsedWhenXAmzDateIsAbsent() {
        // accepted as the request date (so the scope-date check runs against it) and must then be signed
        assertRejected(
                valid().removeHeader("X-Amz-Date").header("Date", "20261123T103000Z"),
                "InvalidSignatureException",
                "'Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void unsupportedAlgorithm() {
        assertRejected(
                withAuthorization(authz(SCOPE, SIGNED, SIG).replace("SHA256", "SHA1")),
                "IncompleteSignatureException",
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c/d", "a", AKID + "/20261123/eu-west-3/kms/aws4_request/extra"})
    void credentialWithoutFiveParts(String credential) {
        assertRejected(
                withAuthorization(authz(credential, SIGNED, SIG)),
                "IncompleteSignatureException",
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                        + credential + "'");
    }

    @Test
    void credentialTrailingSlashesAreIgnored() throws AuthException {
        verifier.verify(withAuthorization(authz(SCOPE + "//", SIGNED, SIG)).build(), "kms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5x", "", "1e3"})
    void expiresNotANumber(String expires) {
        assertRejected(
                presigned("X-Amz-Expires=" + expires),
                "IncompleteSignatureException",
                "X-Amz-Expires should be a number");
    }

    @Test
    void expiresNegativeOrOverAWeek() throws AuthException {
        assertRejected(
                presigned("X-Amz-Expires=-5"), "IncompleteSignatureException", "X-Amz-Expires must be non-negative");
        assertRejected(
                presigned("X-Amz-Expires=604801"),
                "IncompleteSignatureException",
                "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        assertRejected(
                presigned("X-Amz-Expires=99999999999999999999"),
                "IncompleteSignatureException",
                "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        // a week is fine (up to the signature)
        assertRejected(
                presigned("X-Amz-Expires=604800"),
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                        + "Access Key and signing method. Consult the service documentation for details.");
    }

    static TestRequests.Req presigned(String extra) {
        return new TestRequests.Req()
                .method("GET")
                .header("Host", "kms.test")
                .query("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + SCOPE.replace("/", "%2F") + "&X-Amz-Date="
                        + NOW + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + SIG + "&" + extra);
    }

    @Test
    void malformedPercentEscape() {
        assertRejected(
                valid().query("a=%zz"), "MalformedQueryString", "Illegal hex character in escape % pattern: %zz");
        assertRejected(valid().query("a=b%2"), "MalformedQueryString", "Incomplete trailing escape % sequence");
    }

    // ------------------------------------------------------------------ invalid signature family

    @Test
    void expired() {
        SigV4Verifier late = new SigV4Verifier(lookup, TestRequests.clockAt("20261123T103500Z"));
        assertRejected(
                () -> late.verify(
                        valid().replaceHeader("X-Amz-Date", "20261123T101500Z").build(), "kms"),
                "InvalidSignatureException",
                "Signature expired: 20261123T101500Z is now earlier than 20261123T102000Z (20261123T103500Z - 15 min.)");
    }

    @Test
    void notYetCurrent() {
        assertRejected(
                valid().replaceHeader("X-Amz-Date", "20261123T105500Z"),
                "InvalidSignatureException",
                "Signature not yet current: 20261123T105500Z is still later than 20261123T105000Z "
                        + "(20261123T103500Z + 15 min.)");
    }

    @Test
    void hostNotSigned() {
        assertRejected(
                withAuthorization(authz(SCOPE, "content-type;x-amz-date;x-amz-target", SIG)),
                "InvalidSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        assertRejected(
                withAuthorization(authz(SCOPE, "", SIG)),
                "InvalidSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void xAmzDateNotSigned() {
        assertRejected(
                withAuthorization(authz(SCOPE, "content-type;host;x-amz-target", SIG)),
                "InvalidSignatureException",
                "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void wrongService() {
        assertRejected(
                withAuthorization(authz(AKID + "/20261123/eu-west-3/dynamodb/aws4_request", SIGNED, SIG)),
                "InvalidSignatureException",
                "Credential should be scoped to correct service: 'kms'. ");
    }

    @Test
    void theServiceAddressedNamesTheExpectedSigningName() {
        assertRejected(
                () -> verifier.verify(valid().build(), "ssm"),
                "InvalidSignatureException",
                "Credential should be scoped to correct service: 'ssm'. ");
        assertThatThrownBy(() -> verifier.verify(valid().build(), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongTerminator() {
        assertRejected(
                withAuthorization(authz(AKID + "/20261123/eu-west-3/kms/aws5_request", SIGNED, SIG)),
                "InvalidSignatureException",
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
    }

    @Test
    void scopeDateDiffersFromRequestDate() {
        assertRejected(
                withAuthorization(authz(AKID + "/20261122/eu-west-3/kms/aws4_request", SIGNED, SIG)),
                "InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20261122' != '20261123', from '20261123T103500Z'. ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU-WEST-3", "eu_west_3", "", "a-region-name-that-is-far-too-long-x"})
    void badRegion(String region) {
        assertRejected(
                withAuthorization(authz(AKID + "/20261123/" + region + "/kms/aws4_request", SIGNED, SIG)),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not '" + region + "'. ");
    }

    @Test
    void everyScopeProblemInOneMessage() {
        assertRejected(
                withAuthorization(authz("a/b/C/d/e", SIGNED, SIG)),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not 'C'. "
                        + "Credential should be scoped to correct service: 'kms'. "
                        + "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. "
                        + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'b' != '20261123', from '20261123T103500Z'. ");
    }

    @Test
    void unknownAccessKey() {
        assertRejected(
                withAuthorization(authz("AKIDNOBODY/20261123/eu-west-3/kms/aws4_request", SIGNED, SIG)),
                "UnrecognizedClientException",
                "The security token included in the request is invalid.");
        SigV4Verifier nullLookup = new SigV4Verifier(id -> null, TestRequests.clockAt(NOW));
        assertRejected(
                () -> nullLookup.verify(valid().build(), "kms"),
                "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cad72ace42878a4e2c444af4b2c295de4ae8e7fb860680d49e789f4790c370f6",
                "CAD72ACE42878A4E2C444AF4B2C295DE4AE8E7FB860680D49E789F4790C370F5",
                "cad72ace",
                "zz"
            })
    void wrongSignature(String signature) {
        assertRejected(withAuthorization(authz(SCOPE, SIGNED, signature)), "InvalidSignatureException", MISMATCH);
    }

    @Test
    void wrongSecret() {
        lookup.put(AKID, SECRET + "!");
        assertRejected(valid(), "InvalidSignatureException", MISMATCH);
    }

    // ------------------------------------------------------------------ tampering

    @Nested
    class Tampering {
        @Test
        void body() {
            assertRejected(
                    valid().body("{\"KeyId\": \"alias/other\", \"Plaintext\": \"aGVsbG8gd29ybGQ=\"}"),
                    "InvalidSignatureException",
                    MISMATCH);
            assertRejected(valid().body(new byte[0]), "InvalidSignatureException", MISMATCH);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Host", "X-Amz-Target", "Content-Type"})
        void signedHeader(String name) {
            assertRejected(valid().replaceHeader(name, "tampered"), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().removeHeader(name), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().header(name, "extra line"), "InvalidSignatureException", MISMATCH);
        }

        @Test
        void signedDate() {
            assertRejected(
                    valid().replaceHeader("X-Amz-Date", "20261123T103501Z"), "InvalidSignatureException", MISMATCH);
        }

        @Test
        void unsignedHeadersMayChange() throws AuthException {
            verifier.verify(
                    valid().replaceHeader("User-Agent", "curl")
                            .header("X-Forwarded-For", "1.2.3.4")
                            .build(),
                    "kms");
        }

        @Test
        void methodPathQuery() {
            assertRejected(valid().method("PUT"), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().method("post"), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().path("/x"), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().path("/%2F"), "InvalidSignatureException", MISMATCH);
            assertRejected(valid().query("a=b"), "InvalidSignatureException", MISMATCH);
        }

        @Test
        void equivalentSpellingsStillVerify() throws AuthException {
            // dot segments / duplicate slashes normalize to "/", an empty query equals none
            verifier.verify(valid().path("/./").build(), "kms");
            verifier.verify(valid().path("//").build(), "kms");
            verifier.verify(valid().path("").build(), "kms");
            verifier.verify(valid().query("").build(), "kms");
        }
    }

    // ------------------------------------------------------------------ clock skew boundaries

    @Nested
    class ClockSkew {
        final Instant signedAt = Instant.parse("2026-11-23T10:35:00Z");
        final SignedRequest request = SdkSignerCrossCheckTest.sign(
                SdkSignerCrossCheckTest.kmsPost("ListKeys", "{}").build(), "{}".getBytes(StandardCharsets.UTF_8));
        final TestRequests.MapLookup sdkLookup =
                new TestRequests.MapLookup().put(SdkSignerCrossCheckTest.AKID, SdkSignerCrossCheckTest.SECRET);

        VerifiedCaller verifyAt(Instant now) throws AuthException {
            return new SigV4Verifier(sdkLookup, TestRequests.clockAt(now)).verify(request, "kms");
        }

        @Test
        void acceptsUpToFifteenMinutesEitherWayInclusive() throws AuthException {
            assertThat(verifyAt(signedAt).signedAt()).isEqualTo(signedAt);
            verifyAt(signedAt.plusSeconds(900));
            verifyAt(signedAt.plusSeconds(900).plusMillis(999)); // whole seconds
            verifyAt(signedAt.minusSeconds(900));
        }

        @Test
        void rejectsOneSecondPastEitherBound() {
            assertRejected(
                    () -> verifyAt(signedAt.plusSeconds(901)),
                    "InvalidSignatureException",
                    "Signature expired: 20261123T103500Z is now earlier than 20261123T103501Z "
                            + "(20261123T105001Z - 15 min.)");
            assertRejected(
                    () -> verifyAt(signedAt.minusSeconds(901)),
                    "InvalidSignatureException",
                    "Signature not yet current: 20261123T103500Z is still later than 20261123T103459Z "
                            + "(20261123T101959Z + 15 min.)");
        }

        @Test
        void acrossMidnightTheScopeDateIsTheRequestDate() throws AuthException {
            SignedRequest lateNight = SdkSignerCrossCheckTest.signAt(
                    TestRequests.clockAt(Instant.parse("2026-11-23T23:59:30Z")),
                    SdkSignerCrossCheckTest.kmsPost("ListKeys", "{}").build(),
                    "{}".getBytes(StandardCharsets.UTF_8),
                    software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(
                            SdkSignerCrossCheckTest.AKID, SdkSignerCrossCheckTest.SECRET),
                    "eu-central-1",
                    b -> {});
            assertThat(lateNight.header("Authorization")).contains("/20261123/eu-central-1/kms/aws4_request");
            VerifiedCaller c = new SigV4Verifier(sdkLookup, TestRequests.clockAt(Instant.parse("2026-11-24T00:05:00Z")))
                    .verify(lateNight, "kms");
            assertThat(c.signedAt()).isEqualTo(Instant.parse("2026-11-23T23:59:30Z"));
        }
    }

    // ------------------------------------------------------------------ dev mode

    @Nested
    class TrustUnsigned {
        final TestRequests.MapLookup trusting = new TestRequests.MapLookup().trust(AKID);
        final SigV4Verifier dev = new SigV4Verifier(trusting, TestRequests.clockAt(NOW));

        @Test
        void acceptsABadSignature_reportingItUnverified() throws AuthException {
            VerifiedCaller c = dev.verify(
                    withAuthorization(authz(SCOPE, SIGNED, "0000"))
                            .body("tampered")
                            .build(),
                    "kms");
            assertThat(c.signatureVerified()).isFalse();
            assertThat(c.accessKeyId()).isEqualTo(AKID);
            assertThat(c.region()).isEqualTo("eu-west-3");
            assertThat(c.signedAt()).isEqualTo(Instant.parse("2026-11-23T10:35:00Z"));
        }

        @Test
        void stillRejectsMalformedHeaders() {
            assertRejected(
                    () -> dev.verify(
                            withAuthorization("AWS4-HMAC-SHA256 Credential=" + SCOPE)
                                    .build(),
                            "kms"),
                    "IncompleteSignatureException",
                    "Authorization header requires 'Signature' parameter. "
                            + "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 "
                            + "Credential=" + SCOPE);
            assertRejected(
                    () -> dev.verify(valid().removeHeader("Authorization").build(), "kms"),
                    "MissingAuthenticationTokenException",
                    "Missing Authentication Token");
        }

        @Test
        void stillRejectsExpiredDatesAndBadScopes() {
            assertRejected(
                    () -> dev.verify(
                            valid().replaceHeader("X-Amz-Date", "20261123T101500Z")
                                    .build(),
                            "kms"),
                    "InvalidSignatureException",
                    "Signature expired: 20261123T101500Z is now earlier than 20261123T102000Z (20261123T103500Z - 15 min.)");
            assertRejected(
                    () -> dev.verify(
                            withAuthorization(authz(AKID + "/20261123/eu-west-3/s3/aws4_request", SIGNED, SIG))
                                    .build(),
                            "kms"),
                    "InvalidSignatureException",
                    "Credential should be scoped to correct service: 'kms'. ");
        }

        @Test
        void unknownKeysAreStillUnknown() {
            assertRejected(
                    () -> dev.verify(
                            withAuthorization(authz("OTHER/20261123/eu-west-3/kms/aws4_request", SIGNED, SIG))
                                    .build(),
                            "kms"),
                    "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    // ------------------------------------------------------------------ signing-key cache

    @Nested
    class Cache {
        @Test
        void aRotatedSecretNeverHitsTheOldSigningKey() throws AuthException {
            SignedRequest signedWithOld = valid().build();
            verifier.verify(signedWithOld, "kms"); // caches the key derived from SECRET

            lookup.put(AKID, "rotated-secret");
            assertRejected(() -> verifier.verify(signedWithOld, "kms"), "InvalidSignatureException", MISMATCH);

            lookup.put(AKID, SECRET);
            verifier.verify(signedWithOld, "kms");
        }

        @Test
        void aSecretOfTheSameLengthAlsoMisses() throws AuthException {
            SignedRequest r = valid().build();
            verifier.verify(r, "kms");
            byte[] same = SECRET.getBytes(StandardCharsets.UTF_8);
            same[same.length - 1] ^= 1;
            lookup.keys.put(AKID, SecretLookup.known(same));
            assertRejected(() -> verifier.verify(r, "kms"), "InvalidSignatureException", MISMATCH);
        }

        @Test
        void aTinyCacheStillVerifiesManyKeys() throws AuthException {
            SigV4Verifier small = new SigV4Verifier(lookup, TestRequests.clockAt(NOW), 2);
            for (int i = 0; i < 5; i++) {
                small.verify(valid().build(), "kms");
                lookup.put(AKID, SECRET + i);
                assertRejected(() -> small.verify(valid().build(), "kms"), "InvalidSignatureException", MISMATCH);
                lookup.put(AKID, SECRET);
            }
        }
    }

    @Test
    void concurrentAndVirtualThreadsAgree() throws Exception {
        SignedRequest good = valid().build();
        SignedRequest bad =
                withAuthorization(authz(SCOPE, SIGNED, SIG.replace('c', 'd'))).build();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        Runnable work = () -> {
            for (int i = 0; i < 2000; i++) {
                try {
                    verifier.verify(good, "kms");
                } catch (AuthException e) {
                    failures.incrementAndGet();
                }
                try {
                    verifier.verify(bad, "kms");
                    failures.incrementAndGet();
                } catch (AuthException expected) {
                    // fine
                }
            }
        };
        Thread[] threads = {
            new Thread(work),
            new Thread(work),
            Thread.ofVirtual().unstarted(work),
            Thread.ofVirtual().unstarted(work)
        };
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).hasValue(0);
    }

    @Test
    void toStringNeverShowsSecrets() {
        assertThat(SecretLookup.known(SECRET.getBytes(StandardCharsets.UTF_8)).toString())
                .doesNotContain(SECRET);
        VerifiedCaller c = new VerifiedCaller("A", "r", "kms", "session-token-value", Instant.EPOCH, true);
        assertThat(c.toString()).doesNotContain("session-token-value");
    }
}
