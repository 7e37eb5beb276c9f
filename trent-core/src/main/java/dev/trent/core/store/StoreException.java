package dev.trent.core.store;

/** A failure of the storage layer (I/O, corruption, a backend error). Maps to KMSInternalException. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
