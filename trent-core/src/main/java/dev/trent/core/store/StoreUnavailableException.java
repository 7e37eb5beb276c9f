package dev.trent.core.store;

/**
 * The store cannot be reached right now (the database is down, restarting or unreachable, or no connection freed up
 * in time). Nothing of the operation was written, unless the connection was lost while a commit was under way, in
 * which case a retry shows the outcome. Retrying later may succeed; the server maps it to
 * {@code DependencyTimeoutException} where the service has one.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
