package dev.trent.server.pipeline;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request on its way through the {@link Pipeline}: made when the request arrives (request id, receive time,
 * peer, transport, user agent, the raw request), filled in by the stages (service, operation, caller), and
 * finished with exactly one {@link Outcome}. Confined to one thread at a time (the event loop, then possibly one
 * worker), so it needs no locking.
 */
public final class Exchange {
    private final String requestId;
    /** The id of this request's audit event (CloudTrail's {@code eventID}), known before the event is written. */
    private final String eventId;

    private final Instant receivedAt;
    private final String sourceIp;
    private final boolean secureTransport;
    private final String method;
    private final String path;
    private final String query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;
    /** {@link System#nanoTime()} when the exchange was made, for its latency. */
    private final long startNanos = System.nanoTime();
    /** Where the exchange is answered (its event loop), or null. */
    private java.util.concurrent.Executor responder;
    /** Whether {@link Stages.Observer#started} saw it (so that only those are counted as finished in flight). */
    private boolean observed;

    private ServiceDefinition service;
    private OperationSpec operation;
    private boolean queryProtocol;
    private Caller caller;
    private RequestContext context;
    private com.fasterxml.jackson.databind.JsonNode response;

    public Exchange(
            Instant receivedAt,
            String sourceIp,
            boolean secureTransport,
            String method,
            String uri,
            HttpHeaders headers,
            byte[] body,
            boolean keepAlive) {
        this.requestId = randomId();
        this.eventId = randomId();
        this.receivedAt = receivedAt;
        this.sourceIp = sourceIp == null ? "" : sourceIp;
        this.secureTransport = secureTransport;
        this.method = method;
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = q < 0 ? null : uri.substring(q + 1);
        this.headers = headers;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    /**
     * A random version-4 UUID, as AWS request and event ids are; not a secret, so a fast non-cryptographic source.
     */
    public static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    public String requestId() {
        return requestId;
    }

    /** The CloudTrail {@code eventID} of this request's audit event. */
    public String eventId() {
        return eventId;
    }

    /**
     * The executor that answers this exchange (its connection's event loop), or null: the audit stage tells it
     * there that the exchange's event is durable.
     */
    public java.util.concurrent.Executor responder() {
        return responder;
    }

    public Exchange respondingOn(java.util.concurrent.Executor loop) {
        this.responder = loop;
        return this;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** {@link System#nanoTime()} when the exchange was made. */
    public long startNanos() {
        return startNanos;
    }

    boolean observed() {
        return observed;
    }

    void markObserved() {
        observed = true;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public boolean secureTransport() {
        return secureTransport;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The raw query string (after {@code ?}), or null. */
    public String query() {
        return query;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    public String userAgent() {
        String ua = headers.get("User-Agent");
        return ua == null ? "" : ua;
    }

    /** The service addressed, once the decode stage has found it; null before or when none matched. */
    public ServiceDefinition service() {
        return service;
    }

    /** The operation addressed, once the decode stage has found it; null before or when none matched. */
    public OperationSpec operation() {
        return operation;
    }

    /** The authenticated caller, once authentication has passed; null before or when it failed. */
    public Caller caller() {
        return caller;
    }

    /** The context handed to the operation, once authentication has passed. */
    public RequestContext context() {
        return context;
    }

    /**
     * Whether the request was recognised as an AWS Query request (form-encoded {@code Action=...}): its answer,
     * success or error, is XML.
     */
    public boolean queryProtocol() {
        return queryProtocol;
    }

    void markQueryProtocol() {
        this.queryProtocol = true;
    }

    void route(ServiceDefinition service, OperationSpec operation) {
        this.service = service;
        this.operation = operation;
    }

    void authenticated(Caller caller) {
        this.caller = caller;
        this.context = new RequestContext(caller, requestId, receivedAt, sourceIp, secureTransport, userAgent());
    }

    /**
     * The operation's response document, once it answered (for the audit event: its resources and, for management
     * operations, its elements); null otherwise. Secret byte arrays in it are zeroed once it is serialized.
     */
    public com.fasterxml.jackson.databind.JsonNode response() {
        return response;
    }

    void responded(com.fasterxml.jackson.databind.JsonNode response) {
        this.response = response;
    }

    /** The request body has passed validation: the context now carries the operation and its input. */
    void validated(com.fasterxml.jackson.databind.JsonNode request) {
        this.context = context.withRequest(operation.name(), request);
    }
}
