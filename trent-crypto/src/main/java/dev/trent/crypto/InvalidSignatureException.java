package dev.trent.crypto;

/**
 * A signature is not valid for the message under the verifying key: wrong key, altered message, altered or
 * malformed signature. The message is deliberately unspecific about which. Thrown by {@link Verifier#verify}; the
 * KMS layer maps it to {@code KMSInvalidSignatureException}.
 */
public final class InvalidSignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(message);
    }

    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
