package dev.trent.sdk;

/** Base class of the errors raised by the Trent SDK. Messages never contain key material or plaintext. */
public class TrentCryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrentCryptoException(String message) {
        super(message);
    }

    public TrentCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
