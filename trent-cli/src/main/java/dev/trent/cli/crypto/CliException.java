package dev.trent.cli.crypto;

/** A user-facing error: printed without a stack trace. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    /** With the failure behind it, for the debug log. */
    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
