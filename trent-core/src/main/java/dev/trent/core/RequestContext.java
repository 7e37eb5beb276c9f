package dev.trent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything an operation may know about the request besides its typed input: who signed it ({@link Caller}),
 * the request id, when it arrived, where it came from and over what transport. Made once per request by the
 * server's exchange; the core never sees HTTP.
 *
 * @param caller the authenticated caller (account, region, principal, access key)
 * @param requestId the id sent back as {@code x-amzn-RequestId} and recorded in the audit event
 * @param receivedAt when the request arrived (the server's injected clock)
 * @param sourceIp the peer address, as a string ({@code aws:SourceIp})
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport})
 * @param userAgent the {@code User-Agent} header, or an empty string
 */
public record RequestContext(
        Caller caller,
        String requestId,
        Instant receivedAt,
        String sourceIp,
        boolean secureTransport,
        String userAgent) {

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        sourceIp = sourceIp == null ? "" : sourceIp;
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** A context for calls made inside Trent or by tests: no peer, no transport. */
    public static RequestContext internal(Caller caller, Instant now) {
        return new RequestContext(caller, "internal", now, "", false, "trent");
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
