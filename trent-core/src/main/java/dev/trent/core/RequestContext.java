package dev.trent.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything an operation may know about the request besides its typed input: who signed it ({@link Caller}),
 * the request id, when it arrived, where it came from and over what transport, and for authorization the
 * operation and its validated wire input. Made once per request by the server's exchange; the core never sees
 * HTTP.
 *
 * @param caller the authenticated caller (account, region, principal, access key)
 * @param requestId the id sent back as {@code x-amzn-RequestId} and recorded in the audit event
 * @param receivedAt when the request arrived (the server's injected clock)
 * @param sourceIp the peer address, as a string ({@code aws:SourceIp})
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport})
 * @param userAgent the {@code User-Agent} header, or an empty string
 * @param operation the wire name of the operation ({@code Encrypt}), or an empty string for internal calls
 * @param request the validated request body as the service model shapes it (for a Query-protocol service, the
 *     decoded form in the same shape); request-dependent condition keys ({@code kms:EncryptionContext:<k>},
 *     {@code kms:EncryptionAlgorithm}, {@code kms:GrantOperations}, grant tokens...) are read from it, lazily, by
 *     the authorizer. An empty object for internal calls.
 * @param viaService the AWS service that made this call on the caller's behalf ({@code kms:ViaService}, e.g.
 *     {@code ssm.us-east-1.amazonaws.com}), or an empty string for a direct call
 */
public record RequestContext(
        Caller caller,
        String requestId,
        Instant receivedAt,
        String sourceIp,
        boolean secureTransport,
        String userAgent,
        String operation,
        JsonNode request,
        String viaService) {

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        sourceIp = sourceIp == null ? "" : sourceIp;
        userAgent = userAgent == null ? "" : userAgent;
        operation = operation == null ? "" : operation;
        request = request == null ? Json.MAPPER.createObjectNode() : request;
        viaService = viaService == null ? "" : viaService;
    }

    /** A direct call whose operation and input are not known (yet). */
    public RequestContext(
            Caller caller,
            String requestId,
            Instant receivedAt,
            String sourceIp,
            boolean secureTransport,
            String userAgent) {
        this(caller, requestId, receivedAt, sourceIp, secureTransport, userAgent, "", null, "");
    }

    /** A context for calls made inside Trent or by tests: no peer, no transport. */
    public static RequestContext internal(Caller caller, Instant now) {
        return new RequestContext(caller, "internal", now, "", false, "trent");
    }

    /** The same context for {@code operation} with its validated {@code request} body. */
    public RequestContext withRequest(String operation, JsonNode request) {
        return new RequestContext(
                caller, requestId, receivedAt, sourceIp, secureTransport, userAgent, operation, request, viaService);
    }

    /**
     * The same request made by {@code service} on the caller's behalf (Parameter Store, Secrets Manager calling
     * KMS): {@code kms:ViaService} is {@code <service>.<region>.amazonaws.com}.
     */
    public RequestContext via(String service, String operation, JsonNode request) {
        return new RequestContext(
                caller,
                requestId,
                receivedAt,
                sourceIp,
                secureTransport,
                userAgent,
                operation,
                request,
                service + "." + caller.region() + ".amazonaws.com");
    }

    public String accountId() {
        return caller.accountId();
    }

    public String region() {
        return caller.region();
    }

    public String partition() {
        return caller.partition();
    }
}
