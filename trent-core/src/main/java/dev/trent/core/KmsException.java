package dev.trent.core;

/**
 * A typed service error: the AWS error code ({@code __type} on the wire), a message for people, and the
 * HTTP status AWS uses. The protocol layer renders it as {@code {"__type": code, "message": message}}.
 */
public class KmsException extends RuntimeException {
    private final String errorCode;
    private final int httpStatus;

    public KmsException(String errorCode, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static KmsException validation(String message) {
        return new KmsException("ValidationException", 400, message);
    }

    public static KmsException notFound(String message) {
        return new KmsException("NotFoundException", 400, message);
    }

    public static KmsException invalidState(String message) {
        return new KmsException("KMSInvalidStateException", 400, message);
    }

    public static KmsException disabled(String message) {
        return new KmsException("DisabledException", 400, message);
    }

    public static KmsException invalidCiphertext(String message) {
        return new KmsException("InvalidCiphertextException", 400, message);
    }

    public static KmsException alreadyExists(String message) {
        return new KmsException("AlreadyExistsException", 400, message);
    }

    public static KmsException unsupported(String message) {
        return new KmsException("UnsupportedOperationException", 400, message);
    }

    public static KmsException internal(String message) {
        return new KmsException("KMSInternalException", 500, message);
    }
}
