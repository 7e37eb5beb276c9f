package dev.trent.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.ServiceException;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.query.QueryErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way through Trent for every request, independent of Netty:
 *
 * <pre>
 * decode ─► authenticate ─► validate ─► quota ─► authorize ─► dispatch ─► audit ─► outcome
 * </pre>
 *
 * Requests come in two protocols: AWS JSON ({@code X-Amz-Target}, JSON in and out) and AWS Query (form-encoded
 * {@code Action=...}, XML out; see {@link QueryCodec}); the stages between decoding and the answer are the same.
 *
 * <p>Every exchange ends with exactly one {@link Outcome} that has passed the audit stage exactly once, whatever
 * happened: success, a malformed request, failed authentication, throttling, denial, a service error, an internal
 * failure, a health check, or a refusal before decoding ({@link #reject}). Failures become outcomes through
 * {@link ErrorMapper}, the single mapping to the wire.
 *
 * <p>Threading: decoding, authentication and validation run on the calling (event-loop) thread, and so do the
 * operations that only read memory. Operations that write to the store run on {@code workers}; {@link #run}
 * then returns null and hands the outcome to its callback from the worker thread.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final ServiceRegistry services;
    private final Stages.PreAuthentication preAuthentication;
    /** Whether an AWS Query service is registered (see {@link #screen}). */
    private final boolean queryServices;

    private final Stages.Authentication authentication;
    private final Stages.Quota quota;
    private final Stages.Access access;
    private final Stages.AuditSink audit;
    private final Executor workers;
    private final Supplier<JsonNode> health;
    private final Stages.Observer observer;

    public Pipeline(
            ServiceRegistry services,
            Stages.Authentication authentication,
            Stages.Quota quota,
            Stages.Access access,
            Stages.AuditSink audit,
            Executor workers,
            Supplier<JsonNode> health) {
        this(services, Stages.PreAuthentication.NONE, authentication, quota, access, audit, workers, health);
    }

    /** A pipeline that also screens request heads before their bodies are read ({@link #screen}). */
    public Pipeline(
            ServiceRegistry services,
            Stages.PreAuthentication preAuthentication,
            Stages.Authentication authentication,
            Stages.Quota quota,
            Stages.Access access,
            Stages.AuditSink audit,
            Executor workers,
            Supplier<JsonNode> health) {
        this(services, preAuthentication, authentication, quota, access, audit, workers, health, Stages.Observer.NONE);
    }

    /** A pipeline whose exchanges an {@link Stages.Observer} watches (metrics, access log). */
    public Pipeline(
            ServiceRegistry services,
            Stages.PreAuthentication preAuthentication,
            Stages.Authentication authentication,
            Stages.Quota quota,
            Stages.Access access,
            Stages.AuditSink audit,
            Executor workers,
            Supplier<JsonNode> health,
            Stages.Observer observer) {
        this.services = services;
        this.preAuthentication = preAuthentication;
        this.queryServices =
                services.services().stream().anyMatch(s -> s.protocol() == ServiceDefinition.Protocol.QUERY);
        this.authentication = authentication;
        this.quota = quota;
        this.access = access;
        this.audit = audit;
        this.workers = workers;
        this.health = health;
        this.observer = observer;
    }

    /**
     * Takes {@code exchange} through the stages. Returns its audited outcome when it finished on this thread;
     * returns null when the operation went to a worker, which then passes the audited outcome to {@code later}.
     */
    public Outcome run(Exchange exchange, Consumer<Outcome> later) {
        JsonNode request;
        exchange.markObserved();
        observer.started(exchange);
        try {
            if ("GET".equals(exchange.method())) {
                if (isHealthPath(exchange.path())) return finish(exchange, health(exchange.path()), later);
                Outcome served = observer.endpoint(exchange.path());
                if (served != null) return finish(exchange, served, later);
            }
            OperationSpec op = decode(exchange);
            ServiceDefinition service = exchange.service();
            exchange.authenticated(authentication.authenticate(exchange, service));
            request = exchange.queryProtocol() ? QueryCodec.parse(exchange) : parse(exchange.body());
            service.validator().validateOrThrow(op.name(), request);
            exchange.validated(request);
            quota.admit(exchange);
            access.check(exchange);
            if (!op.implemented()) {
                throw new ServiceException(
                        "UnsupportedOperationException",
                        400,
                        "Trent does not implement the " + op.name() + " operation yet.");
            }
        } catch (Throwable t) {
            return finish(exchange, failure(exchange, t), later);
        }
        if (exchange.operation().execution() == OperationSpec.Execution.EVENT_LOOP) {
            return finish(exchange, dispatch(exchange, request), later);
        }
        try {
            workers.execute(() -> {
                Outcome o = finish(exchange, dispatch(exchange, request), later);
                if (o != null) later.accept(o);
            });
            return null;
        } catch (Throwable t) {
            return finish(exchange, failure(exchange, t), later);
        }
    }

    /**
     * Screens a request by its head alone, before its body is read: the decode stage and the
     * {@link Stages.PreAuthentication} checks, the same code and so the same errors as {@link #run} gives the whole
     * request. Returns null when the request could be valid (read its body, then {@link #run} a new exchange for
     * it; {@code head} is then dropped unaudited); otherwise the audited outcome that ends {@code head}, the one
     * exchange of that request. Health checks always pass.
     *
     * <p>A request without {@code X-Amz-Target}, when a Query-protocol service is registered, may be an AWS Query
     * request whose {@code Action} is in the (form) body: its head is screened for the Query service its credentials
     * name (see {@link QueryCodec#serviceOfHead}); the operation is known only with the body. Any other request
     * without a target passes to its body, which is bounded by the server's in-flight budget.
     */
    public Outcome screen(Exchange head) {
        try {
            if ("GET".equals(head.method()) && (isHealthPath(head.path()) || observer.serves(head.path()))) {
                return null;
            }
            if (queryServices && head.headers().get("X-Amz-Target") == null) {
                // An AWS Query request may name its Action in the body, but its credentials are in the head.
                ServiceDefinition query = QueryCodec.serviceOfHead(head, services);
                if (query != null) preAuthentication.screen(head, query);
                return null;
            }
            decode(head);
            preAuthentication.screen(head, head.service());
            return null;
        } catch (Throwable t) {
            return finish(head, failure(head, t));
        }
    }

    /** Ends an exchange refused before it could be decoded (unparseable HTTP, a body over the limit). */
    public Outcome reject(Exchange exchange, Outcome.Kind kind, WireError error) {
        return finish(exchange, Outcome.error(kind, error));
    }

    /** Like {@link #reject} with a content type other than AWS JSON 1.1 (plain HTTP-level errors). */
    public Outcome reject(Exchange exchange, Outcome.Kind kind, WireError error, String contentType) {
        Outcome o = Outcome.error(kind, error);
        return finish(
                exchange, new Outcome(o.kind(), o.status(), contentType, o.body(), o.errorCode(), o.errorMessage()));
    }

    private static boolean isHealthPath(String path) {
        return path.equals("/health") || path.equals("/health/ready") || path.equals("/health/live");
    }

    private Outcome health(String path) {
        JsonNode doc = health.get();
        boolean ok =
                path.equals("/health/live") || "ok".equals(doc.path("status").asText());
        return new Outcome(Outcome.Kind.HEALTH, ok ? 200 : 503, Outcome.JSON, WireJson.bytes(doc), null, null);
    }

    /**
     * Finds the service and operation: POST / with {@code X-Amz-Target: <prefix>.<Operation>}, or an AWS Query
     * request ({@link QueryCodec#route}) when a Query service is registered.
     */
    private OperationSpec decode(Exchange exchange) {
        String target = exchange.headers().get("X-Amz-Target");
        if (target == null && services.hasQueryServices()) {
            OperationSpec op = QueryCodec.route(exchange, services);
            if (op != null) return op;
        }
        if (!"POST".equals(exchange.method())) {
            throw new ProtocolException(
                    "UnknownOperationException",
                    400,
                    "The AWS KMS API is served by POST / with an X-Amz-Target header; " + exchange.method() + " "
                            + exchange.path() + " is not an operation.");
        }
        int dot = target == null ? -1 : target.lastIndexOf('.');
        ServiceDefinition service = dot < 0 ? null : services.byTargetPrefix(target.substring(0, dot));
        if (service == null) {
            String expected = services.defaultService().targetPrefix();
            throw new ProtocolException(
                    "UnknownOperationException",
                    400,
                    target == null
                            ? "Missing X-Amz-Target header: expected " + expected + ".<Operation>."
                            : "Unknown target '" + target + "': expected " + expected + ".<Operation>.");
        }
        String name = target.substring(dot + 1);
        OperationSpec op = service.operation(name);
        if (op == null) {
            throw new ProtocolException("UnknownOperationException", 400, "Unknown operation '" + name + "'.");
        }
        exchange.route(service, op);
        return op;
    }

    /** One JSON value and nothing after it: {@code {"a":1}}} or {@code {} {}} is not a request body. */
    private static final com.fasterxml.jackson.databind.ObjectReader BODY_READER = WireJson.MAPPER
            .reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) return WireJson.MAPPER.createObjectNode();
        try {
            JsonNode n = BODY_READER.readTree(body);
            if (n == null) return WireJson.MAPPER.createObjectNode();
            if (!n.isObject()) {
                throw ProtocolException.serialization("The request body must be a JSON object.");
            }
            return n;
        } catch (IOException e) {
            throw ProtocolException.serialization(notJson(e));
        }
    }

    /** Where the body stops being JSON, without the parser's own wording (which names its internals). */
    private static String notJson(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "The request body is not valid JSON: it ends before the JSON does.";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
            return "The request body is not valid JSON: unexpected input at line "
                    + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr() + ".";
        }
        return "The request body is not valid JSON.";
    }

    /** Runs the operation and serializes its response; secrets in it are zeroed once serialized. */
    private Outcome dispatch(Exchange exchange, JsonNode request) {
        List<byte[]> wipe = new ArrayList<>(1);
        try {
            JsonNode response = exchange.operation().handler().handle(exchange.context(), request, wipe);
            exchange.responded(response);
            if (exchange.queryProtocol()) return QueryCodec.success(exchange, response);
            return Outcome.success(WireJson.bytes(response));
        } catch (Throwable t) {
            return failure(exchange, t);
        } finally {
            for (byte[] secret : wipe) Arrays.fill(secret, (byte) 0);
        }
    }

    private Outcome failure(Exchange exchange, Throwable t) {
        if (t instanceof Error e && !(t instanceof StackOverflowError)) throw e;
        OperationSpec op = exchange.operation();
        String name = op == null ? "request" : op.name();
        if (exchange.queryProtocol()) return ErrorMapper.mapQuery(t, exchange.service(), name, exchange.requestId());
        return ErrorMapper.map(t, exchange.service(), services.defaultService(), name);
    }

    /**
     * The audit stage: every outcome passes here exactly once. Returns the outcome when its event is recorded now;
     * else null, and {@code later} gets the outcome once the event is durable (or the failure to record it). If it
     * cannot be recorded, the request fails (Trent fails closed).
     */
    private Outcome finish(Exchange exchange, Outcome outcome, Consumer<Outcome> later) {
        boolean waiting;
        try {
            waiting = audit.record(
                    exchange,
                    outcome,
                    e -> later.accept(observed(exchange, e == null ? outcome : unaudited(exchange, e))));
        } catch (RuntimeException e) {
            return observed(exchange, unaudited(exchange, e));
        }
        return waiting ? null : observed(exchange, outcome);
    }

    /**
     * The audit stage for refusals answered before a request's body is read ({@link #screen}, {@link #reject}):
     * the event is recorded (queued), but the refusal does not wait for it to be durable.
     */
    private Outcome finish(Exchange exchange, Outcome outcome) {
        return observed(exchange, audited(exchange, outcome));
    }

    /** Hands the final outcome to the observer (metrics, access log), whose failure never changes the answer. */
    private Outcome observed(Exchange exchange, Outcome result) {
        try {
            observer.finished(exchange, result, exchange.observed());
        } catch (RuntimeException e) {
            // metrics and the access log never change or hold up an answer
            LOG.debug("The observer failed on request {}", exchange.requestId(), e);
        }
        return result;
    }

    private Outcome audited(Exchange exchange, Outcome outcome) {
        try {
            audit.record(exchange, outcome, null);
            return outcome;
        } catch (RuntimeException e) {
            return unaudited(exchange, e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_AUDIT_ERROR_LOG =
            new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    /** The answer to a request whose audit event could not be recorded: an internal error, never its success. */
    private Outcome unaudited(Exchange exchange, Throwable e) {
        long now = System.nanoTime();
        long last = LAST_AUDIT_ERROR_LOG.get();
        if ((last == Long.MIN_VALUE || now - last > 10_000_000_000L) && LAST_AUDIT_ERROR_LOG.compareAndSet(last, now)) {
            Throwable cause =
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.error(
                    "Could not record the audit event of request {}, so it fails (at most one such line per 10 s): {}",
                    exchange.requestId(),
                    cause.getMessage());
        }
        String message = "The request could not be recorded in the audit trail, so Trent refused it.";
        if (exchange.queryProtocol()) {
            return ErrorMapper.queryError(
                    Outcome.Kind.INTERNAL_ERROR,
                    new QueryErrors.QueryError(
                            exchange.service() != null
                                    ? exchange.service().internalErrorCode()
                                    : ErrorMapper.QUERY_INTERNAL_FAILURE,
                            500,
                            false,
                            message),
                    exchange.service(),
                    exchange.requestId());
        }
        ServiceDefinition s = exchange.service() != null ? exchange.service() : services.defaultService();
        return Outcome.error(Outcome.Kind.INTERNAL_ERROR, new WireError(s.internalErrorCode(), 500, message));
    }
}
