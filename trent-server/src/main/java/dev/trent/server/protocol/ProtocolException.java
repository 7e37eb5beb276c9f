package dev.trent.server.protocol;

/**
 * A request rejected at the protocol layer, before any operation handler runs.
 *
 * <p>The server renders it as an AWS JSON 1.1 error: HTTP status {@link #httpStatus()} and the
 * body {@code {"__type": awsErrorCode, "message": message}}. The message may be {@code null}:
 * AWS itself answers an unknown {@code X-Amz-Target} or an unreadable body with a bare
 * {@code {"__type":"UnknownOperationException"}} / {@code {"__type":"SerializationException"}},
 * so the server should then leave {@code message} out of the body.
 *
 * <p>Instances carry no stack trace: they are expected outcomes of bad requests, not bugs.
 */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Error code for a request that breaks the operation's input constraints. */
    public static final String VALIDATION_EXCEPTION = "ValidationException";
    /** Error code for a body that cannot be read as the operation's input. */
    public static final String SERIALIZATION_EXCEPTION = "SerializationException";
    /** Error code for an {@code X-Amz-Target} naming no operation of the service. */
    public static final String UNKNOWN_OPERATION_EXCEPTION = "UnknownOperationException";

    private final String errorCode;
    private final int httpStatus;

    /**
     * @param awsErrorCode the {@code __type} to send, e.g. {@code ValidationException}
     * @param httpStatus the HTTP status to send, e.g. 400
     * @param message the {@code message} to send, or {@code null} for none
     */
    public ProtocolException(String awsErrorCode, int httpStatus, String message) {
        super(message, null, false, false);
        if (awsErrorCode == null || awsErrorCode.isEmpty()) {
            throw new IllegalArgumentException("awsErrorCode must not be empty");
        }
        this.errorCode = awsErrorCode;
        this.httpStatus = httpStatus;
    }

    /** A {@code ValidationException} (HTTP 400) with the given message. */
    public static ProtocolException validation(String message) {
        return new ProtocolException(VALIDATION_EXCEPTION, 400, message);
    }

    /** A {@code SerializationException} (HTTP 400); {@code message} may be {@code null}. */
    public static ProtocolException serialization(String message) {
        return new ProtocolException(SERIALIZATION_EXCEPTION, 400, message);
    }

    /** An {@code UnknownOperationException} (HTTP 400) without a message, as AWS sends it. */
    public static ProtocolException unknownOperation() {
        return new ProtocolException(UNKNOWN_OPERATION_EXCEPTION, 400, null);
    }

    /** The AWS error code, sent as {@code __type}. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The message to send, or {@code null} if the body should carry none. */
    public String message() {
        return getMessage();
    }

    @Override
    public String toString() {
        String message = getMessage();
        return message == null ? errorCode : errorCode + ": " + message;
    }
}
