package dev.trent.server;

/**
 * Trent cannot start, for a reason the operator can fix. The message is one line that says what is wrong (naming
 * the path, address or setting) and what to do; the cause, if any, is there for debug logging.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
