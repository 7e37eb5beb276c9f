package dev.trent.server.auth;

/**
 * A request failed authentication. Carries the AWS error code ({@code __type} of the AWS JSON 1.1 error body)
 * and the HTTP status the server must answer with.
 *
 * <p>Status codes: KMS is an AWS JSON 1.1 ("coral") service, and those services answer every authentication
 * failure below with <b>400</b>, not 403 (the 403s seen for the same codes elsewhere come from API Gateway,
 * REST-JSON and Query-protocol services such as STS). Evidence: the test suites of dynalite/kinesalite, recorded
 * against real DynamoDB and Kinesis, assert 400 for {@code MissingAuthenticationTokenException},
 * {@code IncompleteSignatureException}, {@code InvalidSignatureException}; KMS/DynamoDB/ECR user reports show
 * {@code UnrecognizedClientException} with 400. So every factory here uses 400.
 *
 * <p>No stack trace is captured: failures can be frequent (scanners, clock-skewed clients) and the trace carries
 * no information beyond the code and message. Messages echo only client-supplied values (never a secret).
 */
public final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    /** No {@code Authorization} header (or one not starting with {@code AWS4-}) and no presigned query. */
    public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    /** The header or query auth is syntactically incomplete/malformed. */
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    /** Wrong signature, expired/future date, bad credential scope, unsigned host, content hash mismatch. */
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    /** The access key id is not known. */
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    /** A percent-escape in the query string is malformed (cannot be canonicalized). */
    public static final String MALFORMED_QUERY_STRING = "MalformedQueryString";

    private final String errorCode;
    private final int httpStatus;

    public AuthException(String errorCode, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /** The AWS error code, to be sent as {@code __type}. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status to answer with (400 for every code this package produces, as KMS does). */
    public int httpStatus() {
        return httpStatus;
    }

    static AuthException missingToken() {
        return new AuthException(MISSING_AUTHENTICATION_TOKEN, 400, "Missing Authentication Token");
    }

    static AuthException incomplete(String message) {
        return new AuthException(INCOMPLETE_SIGNATURE, 400, message);
    }

    static AuthException invalid(String message) {
        return new AuthException(INVALID_SIGNATURE, 400, message);
    }

    /** {@code UnrecognizedClientException}: the access key id is not known (or not active). */
    public static AuthException unrecognizedClient() {
        return new AuthException(UNRECOGNIZED_CLIENT, 400, "The security token included in the request is invalid.");
    }

    static AuthException malformedQuery(String message) {
        return new AuthException(MALFORMED_QUERY_STRING, 400, message);
    }

    @Override
    public String toString() {
        return "AuthException[" + errorCode + " " + httpStatus + ": " + getMessage() + "]";
    }
}
