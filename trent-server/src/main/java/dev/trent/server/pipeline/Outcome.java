package dev.trent.server.pipeline;

/**
 * How one exchange ended: what goes on the wire (status, content type, body) and, for failures, the error code
 * and message (for the audit stage). Made once per exchange; the {@link ResponseWriter} sends it.
 */
public record Outcome(Kind kind, int status, String contentType, byte[] body, String errorCode, String errorMessage) {
    public static final String JSON_11 = "application/x-amz-json-1.1";
    public static final String JSON = "application/json";

    /** What kind of ending this was; audit and metrics count by it. */
    public enum Kind {
        /** The operation ran and answered. */
        SUCCESS,
        /** A health or other non-API answer. */
        HEALTH,
        /** The request was malformed: bad HTTP, unknown target, invalid body, too large. */
        MALFORMED,
        /** Authentication failed. */
        UNAUTHENTICATED,
        /** Throttled by a quota. */
        THROTTLED,
        /** Authorization refused it. */
        DENIED,
        /** The operation refused it (a service error such as NotFoundException). */
        FAILED,
        /** Trent failed (HTTP 5xx). */
        INTERNAL_ERROR
    }

    public static Outcome success(byte[] body) {
        return new Outcome(Kind.SUCCESS, 200, JSON_11, body, null, null);
    }

    public static Outcome error(Kind kind, WireError e) {
        return new Outcome(kind, e.status(), JSON_11, WireJson.errorBody(e.code(), e.message()), e.code(), e.message());
    }

    public boolean succeeded() {
        return errorCode == null;
    }
}
