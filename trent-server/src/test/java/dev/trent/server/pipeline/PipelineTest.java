package dev.trent.server.pipeline;

import static dev.trent.server.pipeline.TestService.json;
import static dev.trent.server.pipeline.TestService.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of outcome passes the audit stage exactly once, and failures map to AWS's wire errors. */
class PipelineTest {
    private final TestService t = new TestService();
    private final Pipeline pipeline = t.pipeline();

    private Outcome runInline(Exchange ex) {
        Outcome o = pipeline.run(ex, later -> {
            throw new AssertionError("expected to finish on the calling thread");
        });
        assertThat(o).isNotNull();
        assertThat(t.audited).containsExactly(ex.requestId());
        assertThat(t.outcomes).containsExactly(o);
        return o;
    }

    @Test
    void anEventLoopOperationAnswersInlineWithTheRequestContext() throws Exception {
        Exchange ex = post("ListKeys", "{}", "User-Agent", "aws-cli/1.0");
        Outcome o = runInline(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.SUCCESS);
        assertThat(o.status()).isEqualTo(200);
        assertThat(json(o).get("RequestId").asText()).isEqualTo(ex.requestId());
        assertThat(ex.context().userAgent()).isEqualTo("aws-cli/1.0");
        assertThat(ex.context().sourceIp()).isEqualTo("127.0.0.1");
        assertThat(ex.context().receivedAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(ex.operation().iamAction()).isEqualTo("kms:ListKeys");
    }

    @Test
    void aWorkerOperationFinishesOnTheWorkerAndIsAuditedOnce() throws Exception {
        Exchange ex = post("CreateKey", "{}");
        List<Outcome> later = new ArrayList<>();
        assertThat(pipeline.run(ex, later::add)).isNull();
        assertThat(t.audited).isEmpty();
        t.runWorkers();
        assertThat(later).hasSize(1);
        assertThat(later.get(0).kind()).isEqualTo(Outcome.Kind.SUCCESS);
        assertThat(t.audited).containsExactly(ex.requestId());
    }

    @Test
    void malformedRequestsAreAuditedAndMapped() throws Exception {
        Outcome badJson = runInline(post("ListKeys", "{not json"));
        assertThat(badJson.kind()).isEqualTo(Outcome.Kind.MALFORMED);
        assertThat(badJson.errorCode()).isEqualTo("SerializationException");
        assertThat(badJson.status()).isEqualTo(400);
    }

    @Test
    void jsonErrorsSayWhereWithoutTheParsersWording() throws Exception {
        Outcome cut = runInline(post("ListKeys", "{\"Limit\": "));
        assertThat(json(cut).get("message").asText())
                .isEqualTo("The request body is not valid JSON: it ends before the JSON does.");
        t.audited.clear();
        t.outcomes.clear();
        Outcome bad = runInline(post("ListKeys", "{\n  nope}"));
        assertThat(json(bad).get("message").asText())
                .isEqualTo("The request body is not valid JSON: unexpected input at line 2, column 3.");
    }

    @Test
    void unknownTargetsAndOperations() throws Exception {
        Outcome o = runInline(post("Nope.ListKeys", "{}"));
        assertThat(o.errorCode()).isEqualTo("UnknownOperationException");
        assertThat(json(o).get("message").asText())
                .isEqualTo("Unknown target 'Nope.ListKeys': expected TrentService.<Operation>.");
        t.audited.clear();
        t.outcomes.clear();
        Outcome op = runInline(post("Frobnicate", "{}"));
        assertThat(json(op).get("message").asText()).isEqualTo("Unknown operation 'Frobnicate'.");
        t.audited.clear();
        t.outcomes.clear();
        Outcome none = runInline(post(null, "{}"));
        assertThat(json(none).get("message").asText())
                .isEqualTo("Missing X-Amz-Target header: expected TrentService.<Operation>.");
    }

    @Test
    void validationFailuresUseTheModel() throws Exception {
        Outcome o = runInline(post("DescribeKey", "{}"));
        assertThat(o.errorCode()).isEqualTo("ValidationException");
        assertThat(o.kind()).isEqualTo(Outcome.Kind.MALFORMED);
    }

    @Test
    void authenticationFailure() throws Exception {
        Outcome o = runInline(post("ListKeys", "{}", "x-test-auth", "fail"));
        assertThat(o.kind()).isEqualTo(Outcome.Kind.UNAUTHENTICATED);
        assertThat(o.errorCode()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void throttledAndDenied() throws Exception {
        Outcome throttled = runInline(post("ListKeys", "{}", "x-test-quota", "throttle"));
        assertThat(throttled.kind()).isEqualTo(Outcome.Kind.THROTTLED);
        t.audited.clear();
        t.outcomes.clear();
        Outcome denied = runInline(post("ListKeys", "{}", "x-test-access", "deny"));
        assertThat(denied.kind()).isEqualTo(Outcome.Kind.DENIED);
        assertThat(denied.errorCode()).isEqualTo("AccessDeniedException");
    }

    @Test
    void serviceErrorsKeepTheirCodeAndMessage() throws Exception {
        Outcome o = runInline(post("DescribeKey", "{\"KeyId\":\"missing\"}"));
        assertThat(o.kind()).isEqualTo(Outcome.Kind.FAILED);
        JsonNode body = json(o);
        assertThat(body.get("__type").asText()).isEqualTo("NotFoundException");
        assertThat(body.get("message").asText()).isEqualTo("Key 'missing' does not exist");
    }

    @Test
    void storeFailuresAndBugsBecomeTheServicesInternalErrorWithoutDetail() throws Exception {
        Outcome store = runInline(post("DescribeKey", "{\"KeyId\":\"store\"}"));
        assertThat(store.kind()).isEqualTo(Outcome.Kind.INTERNAL_ERROR);
        assertThat(store.status()).isEqualTo(500);
        assertThat(store.errorCode()).isEqualTo("KMSInternalException");
        assertThat(new String(store.body())).doesNotContain("disk on fire");
        t.audited.clear();
        t.outcomes.clear();
        Outcome bug = runInline(post("DescribeKey", "{\"KeyId\":\"bug\"}"));
        assertThat(bug.status()).isEqualTo(500);
        assertThat(json(bug).get("message").asText()).isEqualTo("An internal error occurred.");
        t.audited.clear();
        t.outcomes.clear();
        Outcome rolledBack = runInline(post("DescribeKey", "{\"KeyId\":\"rolled-back\"}"));
        assertThat(rolledBack.kind()).isEqualTo(Outcome.Kind.INTERNAL_ERROR);
        assertThat(rolledBack.errorCode()).isEqualTo("KMSInternalException");
        assertThat(json(rolledBack).get("message").asText())
                .isEqualTo("The request could not be completed because stored data failed an integrity check;"
                        + " nothing was changed.");
    }

    @Test
    void aStoreOutOfReachIsKmsDependencyTimeoutWithoutDetail() throws Exception {
        Outcome o = runInline(post("DescribeKey", "{\"KeyId\":\"store-down\"}"));
        assertThat(o.kind()).isEqualTo(Outcome.Kind.INTERNAL_ERROR);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.errorCode()).isEqualTo("DependencyTimeoutException");
        assertThat(json(o).get("message").asText())
                .isEqualTo("The system timed out while trying to fulfill the request. You can retry the request.");
        assertThat(new String(o.body())).doesNotContain("db.internal");
    }

    @Test
    void unimplementedOperationsSaySo() throws Exception {
        Outcome o = runInline(
                post("Sign", "{\"KeyId\":\"k\",\"Message\":\"AA==\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}"));
        assertThat(o.errorCode()).isEqualTo("UnsupportedOperationException");
        assertThat(json(o).get("message").asText()).isEqualTo("Trent does not implement the Sign operation yet.");
    }

    @Test
    void secretsAreZeroedOnceSerialized() throws Exception {
        Outcome o = runInline(post("GenerateRandom", "{\"NumberOfBytes\":16}"));
        assertThat(json(o).get("Plaintext").asText()).isNotEmpty();
        assertThat(t.secretsHandedOut.get(0)).containsOnly(0);
    }

    @Test
    void healthIsAnExchangeToo() throws Exception {
        Exchange ex = new Exchange(
                Instant.EPOCH, "127.0.0.1", false, "GET", "/health", new DefaultHttpHeaders(), new byte[0], true);
        Outcome o = runInline(ex);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.HEALTH);
        assertThat(o.contentType()).isEqualTo("application/json");
        assertThat(json(o).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void rejectionsBeforeDecodingAreAudited() {
        Exchange ex = post("ListKeys", "");
        Outcome o = pipeline.reject(
                ex, Outcome.Kind.MALFORMED, new WireError("RequestEntityTooLargeException", 413, "too big"));
        assertThat(o.status()).isEqualTo(413);
        assertThat(t.audited).containsExactly(ex.requestId());
    }

    @Test
    void aRequestThatCannotBeAuditedFails() throws Exception {
        t.auditFails = true;
        Outcome o = pipeline.run(post("ListKeys", "{}"), later -> {});
        assertThat(o.status()).isEqualTo(500);
        assertThat(o.errorCode()).isEqualTo("KMSInternalException");
    }

    @Test
    void theOutcomeWaitsUntilTheAuditEventIsDurable() {
        t.durable = new java.util.concurrent.CompletableFuture<>();
        List<Outcome> later = new java.util.ArrayList<>();
        assertThat(pipeline.run(post("ListKeys", "{}"), later::add)).isNull();
        assertThat(later).isEmpty();
        t.durable.complete(null);
        assertThat(later).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(200));
    }

    @Test
    void anAuditEventThatCannotBeMadeDurableFailsItsRequest() {
        t.durable = new java.util.concurrent.CompletableFuture<>();
        List<Outcome> later = new java.util.ArrayList<>();
        assertThat(pipeline.run(post("ListKeys", "{}"), later::add)).isNull();
        t.durable.completeExceptionally(new IllegalStateException("disk full"));
        assertThat(later).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(500);
            assertThat(o.errorCode()).isEqualTo("KMSInternalException");
            assertThat(json(o).get("message").asText()).contains("could not be recorded in the audit trail");
        });
    }

    @Test
    void aWorkerPoolThatIsShuttingDownAnswers500Once() throws Exception {
        t.workersRejected = true;
        Outcome o = runInline(post("CreateKey", "{}"));
        assertThat(o.status()).isEqualTo(500);
        assertThat(json(o).get("message").asText()).isEqualTo("The server is shutting down.");
    }

    @Test
    void eachExchangeHasItsOwnRequestId() {
        assertThat(post("ListKeys", "{}").requestId())
                .isNotEqualTo(post("ListKeys", "{}").requestId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
