package dev.trent.sdk;

/** The message is malformed, truncated, tampered with, or fails authentication. */
public class BadCiphertextException extends TrentCryptoException {
    private static final long serialVersionUID = 1L;

    public BadCiphertextException(String message) {
        super(message);
    }

    public BadCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}
