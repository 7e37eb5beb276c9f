package dev.trent.core;

/**
 * A typed service error: the AWS error code ({@code __type} on the wire), a message for people, and the
 * HTTP status AWS uses. The protocol layer renders it as {@code {"__type": code, "message": message}}.
 */
public class ServiceException extends RuntimeException {
    private final String errorCode;
    private final int httpStatus;

    public ServiceException(String errorCode, int httpStatus, String message) {
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

    public static ServiceException validation(String message) {
        return new ServiceException("ValidationException", 400, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException("NotFoundException", 400, message);
    }

    public static ServiceException invalidState(String message) {
        return new ServiceException("KMSInvalidStateException", 400, message);
    }

    public static ServiceException disabled(String message) {
        return new ServiceException("DisabledException", 400, message);
    }

    public static ServiceException invalidCiphertext(String message) {
        return new ServiceException("InvalidCiphertextException", 400, message);
    }

    public static ServiceException alreadyExists(String message) {
        return new ServiceException("AlreadyExistsException", 400, message);
    }

    public static ServiceException unsupported(String message) {
        return new ServiceException("UnsupportedOperationException", 400, message);
    }

    public static ServiceException internal(String message) {
        return new ServiceException("KMSInternalException", 500, message);
    }
}
