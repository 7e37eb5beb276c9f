package dev.trent.core.secrets;

import dev.trent.core.ServiceException;

/** Secrets Manager's error types with its messages (HTTP 400). */
public final class SecretsErrors {
    private SecretsErrors() {}

    public static ServiceException of(String code, String message) {
        return new ServiceException(code, 400, message);
    }

    public static ServiceException notFound() {
        return of("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    public static ServiceException invalidParameter(String message) {
        return of("InvalidParameterException", message);
    }

    public static ServiceException invalidRequest(String message) {
        return of("InvalidRequestException", message);
    }

    public static ServiceException markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }

    /** A KMS failure on the caller's behalf: access denied as Secrets Manager words it, else the KMS message. */
    public static ServiceException fromKms(ServiceException kms, boolean encrypting) {
        if (kms.errorCode().equals("AccessDeniedException")) {
            return of("AccessDeniedException", "Access to KMS is not allowed");
        }
        return of(encrypting ? "EncryptionFailure" : "DecryptionFailure", kms.getMessage());
    }
}
