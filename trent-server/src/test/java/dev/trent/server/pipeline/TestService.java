package dev.trent.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.store.StoreException;
import dev.trent.server.auth.AuthException;
import dev.trent.server.pipeline.OperationSpec.AuditCategory;
import dev.trent.server.pipeline.OperationSpec.Execution;
import dev.trent.server.pipeline.OperationSpec.ResourceLocator;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A KMS-model service with scripted operations and stages, for pipeline tests: {@code ListKeys} answers on the
 * event loop, {@code CreateKey} on a worker; {@code DescribeKey} fails as its {@code KeyId} says; {@code
 * GenerateRandom} returns a secret to wipe; {@code Sign} is not implemented. Headers steer the stages:
 * {@code x-test-auth: fail}, {@code x-test-quota: throttle}, {@code x-test-access: deny}.
 */
public final class TestService {
    static final RequestValidator VALIDATOR = new RequestValidator(ServiceModel.kms());

    public final List<String> audited = new ArrayList<>();
    public final List<Outcome> outcomes = new ArrayList<>();
    public final ArrayDeque<Runnable> workerTasks = new ArrayDeque<>();
    public final List<byte[]> secretsHandedOut = new ArrayList<>();
    /** How many request heads the screening pipeline screened. */
    public int screened;

    public boolean auditFails;
    /** What the audit stage returns: null (recorded at once) or a future the test completes. */
    public java.util.concurrent.CompletableFuture<Void> durable;

    public boolean workersRejected;

    public final Executor workers = task -> {
        if (workersRejected) throw new java.util.concurrent.RejectedExecutionException("closed");
        workerTasks.add(task);
    };

    public ServiceDefinition definition() {
        OperationSpec listKeys = op(
                "ListKeys",
                Execution.EVENT_LOOP,
                (ctx, in, wipe) -> JsonNodeFactory.instance
                        .objectNode()
                        .put("Truncated", false)
                        .put("RequestId", ctx.requestId()));
        OperationSpec createKey = op(
                "CreateKey",
                Execution.WORKER,
                (ctx, in, wipe) -> JsonNodeFactory.instance
                        .objectNode()
                        .put("Thread", Thread.currentThread().getName()));
        OperationSpec describeKey = op("DescribeKey", Execution.EVENT_LOOP, (ctx, in, wipe) -> {
            switch (in.get("KeyId").asText()) {
                case "missing" -> throw ServiceException.notFound("Key 'missing' does not exist");
                case "store" -> throw new StoreException("disk on fire");
                case "store-down" ->
                    throw new dev.trent.core.store.StoreUnavailableException(
                            "store write failed: Connection to db.internal:5432 refused", null);
                case "bug" -> throw new IllegalStateException("a bug with a secret in its message");
                case "rolled-back" ->
                    throw new dev.trent.core.barrier.RollbackDetectedException(
                            "rollback detected: the record 'kms/keys/x' in the store is the one of write 3");
                default -> {
                    return JsonNodeFactory.instance.objectNode();
                }
            }
        });
        OperationSpec random = op("GenerateRandom", Execution.EVENT_LOOP, (ctx, in, wipe) -> {
            byte[] secret = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            secretsHandedOut.add(secret);
            wipe.add(secret);
            return JsonNodeFactory.instance.objectNode().put("Plaintext", secret);
        });
        OperationSpec sign = new OperationSpec(
                "Sign",
                "kms:Sign",
                Execution.EVENT_LOOP,
                "CryptographicOperations",
                AuditCategory.CRYPTOGRAPHIC,
                ResourceLocator.NONE,
                null);
        return new ServiceDefinition(
                "kms",
                "TrentService",
                "KMSInternalException",
                VALIDATOR.model(),
                VALIDATOR,
                Map.of(
                        "ListKeys", listKeys,
                        "CreateKey", createKey,
                        "DescribeKey", describeKey,
                        "GenerateRandom", random,
                        "Sign", sign));
    }

    private static OperationSpec op(String name, Execution execution, OperationSpec.Handler handler) {
        return new OperationSpec(
                name,
                "kms:" + name,
                execution,
                name,
                AuditCategory.MANAGEMENT_READ,
                new ResourceLocator(List.of("KeyId")),
                handler);
    }

    public Pipeline pipeline() {
        return pipeline(Stages.PreAuthentication.NONE);
    }

    /** A pipeline whose head screen refuses {@code x-test-auth: fail} as authentication does, counting heads. */
    public Pipeline screeningPipeline() {
        return pipeline((head, service) -> {
            screened++;
            if ("fail".equals(head.headers().get("x-test-auth"))) {
                throw new AuthException(
                        AuthException.UNRECOGNIZED_CLIENT,
                        400,
                        "The security token included in the request is invalid.");
            }
        });
    }

    private Pipeline pipeline(Stages.PreAuthentication preAuthentication) {
        return pipeline(preAuthentication, Stages.Observer.NONE);
    }

    /** A pipeline that {@code observer} watches. */
    public Pipeline observedPipeline(Stages.Observer observer) {
        return pipeline(Stages.PreAuthentication.NONE, observer);
    }

    private Pipeline pipeline(Stages.PreAuthentication preAuthentication, Stages.Observer observer) {
        return new Pipeline(
                new ServiceRegistry(List.of(definition())),
                preAuthentication,
                (exchange, service) -> {
                    if ("fail".equals(exchange.headers().get("x-test-auth"))) {
                        throw new AuthException(
                                AuthException.UNRECOGNIZED_CLIENT,
                                400,
                                "The security token included in the request is invalid.");
                    }
                    return new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIATEST");
                },
                exchange -> {
                    if ("throttle".equals(exchange.headers().get("x-test-quota"))) {
                        throw new ServiceException("ThrottlingException", 400, "Rate exceeded");
                    }
                },
                exchange -> {
                    if ("deny".equals(exchange.headers().get("x-test-access"))) {
                        throw new ServiceException("AccessDeniedException", 400, "denied");
                    }
                },
                (exchange, outcome, then) -> {
                    if (auditFails) throw new IllegalStateException("journal full");
                    audited.add(exchange.requestId());
                    outcomes.add(outcome);
                    if (durable == null || then == null) return false;
                    durable.whenComplete((ok, e) -> then.accept(e));
                    return true;
                },
                workers,
                () -> JsonNodeFactory.instance.objectNode().put("status", "ok"),
                observer);
    }

    /** Runs queued worker tasks on this thread. */
    public void runWorkers() {
        Runnable r;
        while ((r = workerTasks.poll()) != null) r.run();
    }

    public static Exchange post(String operation, String body, String... headerPairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (operation != null) h.set("X-Amz-Target", operation.contains(".") ? operation : "TrentService." + operation);
        for (int i = 0; i < headerPairs.length; i += 2) h.set(headerPairs[i], headerPairs[i + 1]);
        return new Exchange(
                Instant.parse("2026-12-01T00:00:00Z"),
                "127.0.0.1",
                false,
                "POST",
                "/",
                h,
                body.getBytes(StandardCharsets.UTF_8),
                true);
    }

    static JsonNode json(Outcome o) throws java.io.IOException {
        return WireJson.MAPPER.readTree(o.body());
    }
}
