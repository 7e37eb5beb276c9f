package dev.trent.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.server.auth.AuthException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS Query requests through the pipeline: routing, parameters, XML answers and XML errors. */
class QueryPipelineTest {
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private final TestService t = new TestService();
    private final List<String> audited = new ArrayList<>();
    private final List<Caller> authenticatedFor = new ArrayList<>();
    private boolean auditFails;
    private final Pipeline pipeline = new Pipeline(
            new ServiceRegistry(List.of(t.definition(), QueryTestServices.iam(), QueryTestServices.sts())),
            (exchange, service) -> {
                String mode = exchange.headers().get("x-test-auth");
                if ("fail".equals(mode)) {
                    throw new AuthException(
                            AuthException.UNRECOGNIZED_CLIENT,
                            400,
                            "The security token included in the request is" + " invalid.");
                }
                if ("expired".equals(mode)) {
                    throw new AuthException(
                            AuthException.INVALID_SIGNATURE,
                            400,
                            "Signature expired: 20260101T000000Z is now earlier"
                                    + " than 20260101T001500Z (20260101T003000Z - 15 min.)");
                }
                Caller c = new Caller(
                        QueryTestServices.ACCOUNT,
                        "us-east-1",
                        "arn:aws:iam::" + QueryTestServices.ACCOUNT + ":user/alice",
                        "AKIAALICE");
                authenticatedFor.add(c);
                return c;
            },
            exchange -> {
                if ("throttle".equals(exchange.headers().get("x-test-quota"))) {
                    throw new ServiceException("ThrottlingException", 400, "Rate exceeded");
                }
            },
            exchange -> {
                if ("deny".equals(exchange.headers().get("x-test-access"))) {
                    throw new ServiceException(
                            "AccessDenied",
                            403,
                            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:GetUser");
                }
            },
            (exchange, outcome, then) -> {
                if (auditFails) throw new IllegalStateException("journal full");
                audited.add(exchange.requestId());
                return false;
            },
            t.workers,
            () -> JsonNodeFactory.instance.objectNode().put("status", "ok"));

    private static String auth(String service) {
        return "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260101/us-east-1/" + service
                + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc";
    }

    static Exchange post(String service, String body, String... headerPairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("Content-Type", FORM);
        if (service != null) h.set("Authorization", auth(service));
        for (int i = 0; i < headerPairs.length; i += 2) h.set(headerPairs[i], headerPairs[i + 1]);
        return new Exchange(
                Instant.parse("2026-01-01T00:00:00Z"),
                "127.0.0.1",
                false,
                "POST",
                "/",
                h,
                body.getBytes(StandardCharsets.UTF_8),
                true);
    }

    private static Exchange get(String uri, String... headerPairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) h.set(headerPairs[i], headerPairs[i + 1]);
        return new Exchange(
                Instant.parse("2026-01-01T00:00:00Z"), "127.0.0.1", false, "GET", uri, h, new byte[0], true);
    }

    private Outcome run(Exchange ex) {
        Outcome o = pipeline.run(ex, later -> {
            throw new AssertionError("expected to finish on the calling thread");
        });
        assertThat(o).isNotNull();
        assertThat(audited).containsExactly(ex.requestId());
        audited.clear();
        return o;
    }

    private static String body(Outcome o) {
        return new String(o.body(), StandardCharsets.UTF_8);
    }

    private static String error(String ns, String type, String code, String message, Exchange ex) {
        return "<ErrorResponse" + (ns == null ? "" : " xmlns=\"" + ns + "\"") + "><Error><Type>" + type
                + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>"
                + ex.requestId() + "</RequestId></ErrorResponse>";
    }

    @Test
    void stsGetCallerIdentityByTheSigningNameOfTheCredential() {
        Exchange ex = post("sts", "Action=GetCallerIdentity&Version=2011-06-15");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.SUCCESS);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.contentType()).isEqualTo("text/xml");
        assertThat(body(o))
                .isEqualTo("<GetCallerIdentityResponse xmlns=\"" + STS_NS + "\"><GetCallerIdentityResult>"
                        + "<UserId>AKIAALICE</UserId><Account>111122223333</Account>"
                        + "<Arn>arn:aws:iam::111122223333:user/alice</Arn></GetCallerIdentityResult>"
                        + "<ResponseMetadata><RequestId>" + ex.requestId() + "</RequestId></ResponseMetadata>"
                        + "</GetCallerIdentityResponse>");
        assertThat(ex.service().signingName()).isEqualTo("sts");
        assertThat(ex.operation().iamAction()).isEqualTo("sts:GetCallerIdentity");
        assertThat(ex.context().operation()).isEqualTo("GetCallerIdentity");
        assertThat(ex.queryProtocol()).isTrue();
    }

    @Test
    void iamListUsersWithAListAndTimestamps() {
        Exchange ex = post("iam", "Action=ListUsers&Version=2010-05-08");
        Outcome o = run(ex);
        assertThat(body(o))
                .startsWith("<ListUsersResponse xmlns=\"" + IAM_NS + "\"><ListUsersResult><Users><member><Path>/</Path>"
                        + "<UserName>alice</UserName><UserId>AIDAALICE</UserId>"
                        + "<Arn>arn:aws:iam::111122223333:user/alice</Arn>"
                        + "<CreateDate>2026-01-02T03:04:05Z</CreateDate></member>")
                .contains("<PasswordLastUsed>2026-02-03T04:05:06.789Z</PasswordLastUsed></member></Users>"
                        + "<IsTruncated>false</IsTruncated></ListUsersResult>");
    }

    @Test
    void aPresignedGetIsRoutedByItsXAmzCredential() {
        Exchange ex = get("/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAALICE%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z"
                + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=abc");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.SUCCESS);
        assertThat(body(o)).startsWith("<GetCallerIdentityResponse");
    }

    @Test
    void anUnsignedRequestGoesToTheServiceWithItsAction() {
        Exchange ex = post(null, "Action=GetUser&Version=2010-05-08");
        run(ex);
        assertThat(ex.service().signingName()).isEqualTo("iam");
        Exchange sts = get("/?Action=GetCallerIdentity");
        run(sts);
        assertThat(sts.service().signingName()).isEqualTo("sts");
    }

    @Test
    void unknownActionsAndVersions() {
        Exchange ex = post("iam", "Action=Frobnicate&Version=2010-05-08");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.MALFORMED);
        assertThat(o.status()).isEqualTo(400);
        assertThat(body(o))
                .isEqualTo(error(
                        IAM_NS,
                        "Sender",
                        "InvalidAction",
                        "Could not find operation Frobnicate for version 2010-05-08",
                        ex));
        assertThat(authenticatedFor).isEmpty();

        Exchange old = post("iam", "Action=ListUsers&Version=2099-01-01");
        assertThat(body(run(old))).contains("Could not find operation ListUsers for version 2099-01-01");
        Exchange noVersion = post("iam", "Action=ListUsers");
        assertThat(run(noVersion).kind()).isEqualTo(Outcome.Kind.SUCCESS);
        Exchange stsOp = post("iam", "Action=GetCallerIdentity&Version=2010-05-08");
        assertThat(body(run(stsOp))).contains("Could not find operation GetCallerIdentity for version 2010-05-08");
    }

    @Test
    void aFormWithoutAction() {
        Exchange ex = post("sts", "Version=2011-06-15");
        Outcome o = run(ex);
        assertThat(o.status()).isEqualTo(400);
        assertThat(body(o))
                .isEqualTo(
                        error(STS_NS, "Sender", "MissingAction", "The request must contain the parameter Action.", ex));
    }

    @Test
    void aServiceThisServerDoesNotHave() {
        Exchange ex = post("sqs", "Action=ListQueues&Version=2012-11-05");
        Outcome o = run(ex);
        assertThat(body(o))
                .isEqualTo(error(
                        null,
                        "Sender",
                        "InvalidAction",
                        "This server has no service 'sqs', which the request's SigV4 credential scope names.",
                        ex));
    }

    @Test
    void aFormSignedForAnAwsJsonServiceGetsThatServicesError() {
        Outcome o = run(post("kms", "Action=ListKeys"));
        assertThat(o.contentType()).isEqualTo(Outcome.JSON_11);
        assertThat(o.errorCode()).isEqualTo("UnknownOperationException");
        assertThat(body(o)).contains("Missing X-Amz-Target header");
    }

    @Test
    void awsJsonRequestsAreUnchanged() {
        Outcome o = run(TestService.post("ListKeys", "{}"));
        assertThat(o.kind()).isEqualTo(Outcome.Kind.SUCCESS);
        assertThat(o.contentType()).isEqualTo(Outcome.JSON_11);
        Outcome get = run(get("/"));
        assertThat(get.contentType()).isEqualTo(Outcome.JSON_11);
        assertThat(get.errorCode()).isEqualTo("UnknownOperationException");
    }

    @Test
    void parametersReachTheHandlerShapedLikeTheInput() {
        Exchange ex = post(
                "iam",
                "Action=CreateUser&Version=2010-05-08&UserName=carol&Path=%2Feng%2F&Tags.member.1.Key=team"
                        + "&Tags.member.1.Value=kms");
        List<Outcome> later = new ArrayList<>();
        assertThat(pipeline.run(ex, later::add)).isNull();
        t.runWorkers();
        assertThat(later).hasSize(1);
        assertThat(body(later.get(0)))
                .contains("<CreateUserResult><User><Path>/eng/</Path><UserName>carol</UserName>")
                .contains("<Tags><member><Key>team</Key><Value>kms</Value></member></Tags></User></CreateUserResult>");
        assertThat(ex.context().request().get("Tags").get(0).get("Key").asText())
                .isEqualTo("team");
    }

    @Test
    void validationFailuresAreValidationErrors() {
        Exchange ex = post("iam", "Action=CreateUser&Version=2010-05-08&UserName=a%20b");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.MALFORMED);
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.errorCode()).isEqualTo("ValidationError");
        assertThat(body(o))
                .isEqualTo(error(
                        IAM_NS,
                        "Sender",
                        "ValidationError",
                        "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member"
                                + " must satisfy regular expression pattern: [\\w+=,.@-]+",
                        ex));
        Exchange missing = post("iam", "Action=CreateUser&Version=2010-05-08");
        assertThat(body(run(missing)))
                .contains("<Message>1 validation error detected: Value null at 'userName' failed to satisfy"
                        + " constraint: Member must not be null</Message>");
    }

    @Test
    void malformedForms() {
        Outcome escape = run(post("iam", "Action=ListUsers&PathPrefix=%ZZ"));
        assertThat(escape.status()).isEqualTo(404);
        assertThat(escape.errorCode()).isEqualTo("MalformedQueryString");
        Outcome gap = run(post("iam", "Action=CreateUser&UserName=x&Tags.member.2.Key=k&Tags.member.2.Value=v"));
        assertThat(gap.status()).isEqualTo(400);
        assertThat(gap.errorCode()).isEqualTo("InvalidQueryParameter");
        // the scan before authentication reads the body's Action, the full parse the query string's escaped one
        Exchange ex = new Exchange(
                Instant.parse("2026-01-01T00:00:00Z"),
                "127.0.0.1",
                false,
                "POST",
                "/?Act%69on=DeleteUser",
                post("iam", "").headers(),
                "Action=ListUsers".getBytes(StandardCharsets.US_ASCII),
                true);
        Outcome mixed = run(ex);
        assertThat(mixed.errorCode()).isEqualTo("InvalidAction");
        assertThat(body(mixed)).contains("Could not find operation DeleteUser for version 2010-05-08");
    }

    @Test
    void serviceErrorsTakeTheModelsCodeAndStatus() {
        Exchange ex = post("iam", "Action=GetUser&UserName=nobody");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(o.status()).isEqualTo(404);
        assertThat(body(o))
                .isEqualTo(error(IAM_NS, "Sender", "NoSuchEntity", "The user with name nobody cannot be found.", ex));
        List<Outcome> later = new ArrayList<>();
        Exchange again = post("iam", "Action=CreateUser&UserName=alice");
        pipeline.run(again, later::add);
        t.runWorkers();
        Outcome conflict = later.get(0);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("EntityAlreadyExists");
    }

    @Test
    void authenticationFailuresInQueryTerms() {
        Exchange ex = post("sts", "Action=GetCallerIdentity", "x-test-auth", "fail");
        Outcome o = run(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.UNAUTHENTICATED);
        assertThat(o.status()).isEqualTo(403);
        assertThat(body(o))
                .isEqualTo(error(
                        STS_NS,
                        "Sender",
                        "InvalidClientTokenId",
                        "The security token included in the request is invalid.",
                        ex));
        Outcome expired = run(post("sts", "Action=GetCallerIdentity", "x-test-auth", "expired"));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(body(expired)).contains("<Message>Signature expired: 20260101T000000Z");
    }

    @Test
    void throttledAndDenied() {
        Outcome throttled = run(post("iam", "Action=ListUsers", "x-test-quota", "throttle"));
        assertThat(throttled.kind()).isEqualTo(Outcome.Kind.THROTTLED);
        assertThat(throttled.errorCode()).isEqualTo("Throttling");
        assertThat(throttled.status()).isEqualTo(400);
        Outcome denied = run(post("iam", "Action=GetUser", "x-test-access", "deny"));
        assertThat(denied.kind()).isEqualTo(Outcome.Kind.DENIED);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(body(denied))
                .contains("<Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/alice");
    }

    @Test
    void internalFailuresAreReceiverFaultsWithTheServicesCode() {
        Exchange ex = post("iam", "Action=CreateUser&UserName=bug");
        List<Outcome> later = new ArrayList<>();
        pipeline.run(ex, later::add);
        t.runWorkers();
        Outcome o = later.get(0);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.INTERNAL_ERROR);
        assertThat(o.status()).isEqualTo(500);
        assertThat(body(o)).isEqualTo(error(IAM_NS, "Receiver", "ServiceFailure", "An internal error occurred.", ex));
        assertThat(body(o)).doesNotContain("a bug");
    }

    @Test
    void anAuditFailureIsAnXmlInternalError() {
        auditFails = true;
        Exchange ex = post("sts", "Action=GetCallerIdentity");
        Outcome o = pipeline.run(ex, later -> {});
        assertThat(o.status()).isEqualTo(500);
        assertThat(body(o))
                .isEqualTo(error(
                        STS_NS,
                        "Receiver",
                        "InternalFailure",
                        "The request could not be recorded in the audit trail, so Trent refused it.",
                        ex));
    }

    @Test
    void operationsWithoutOutputAndUnimplementedOnes() {
        Exchange ex = post("iam", "Action=DeleteUser&UserName=bob");
        assertThat(body(run(ex)))
                .isEqualTo("<DeleteUserResponse xmlns=\"" + IAM_NS + "\"><ResponseMetadata><RequestId>" + ex.requestId()
                        + "</RequestId></ResponseMetadata></DeleteUserResponse>");
        Outcome unimplemented = run(post("iam", "Action=ListRoles"));
        assertThat(unimplemented.contentType()).isEqualTo("text/xml");
        assertThat(unimplemented.errorCode()).isEqualTo("UnsupportedOperationException");
        assertThat(body(unimplemented)).contains("Trent does not implement the ListRoles operation yet.");
    }
}
