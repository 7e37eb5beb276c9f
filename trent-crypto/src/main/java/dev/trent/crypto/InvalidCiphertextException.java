package dev.trent.crypto;

/**
 * A ciphertext blob is malformed, of an unknown version, or not authentic for the given key
 * material and encryption context. The message is deliberately unspecific about which.
 */
public final class InvalidCiphertextException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidCiphertextException(String message) {
        super(message);
    }

    public InvalidCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}
