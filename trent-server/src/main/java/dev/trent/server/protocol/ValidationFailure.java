package dev.trent.server.protocol;

import java.util.List;

/**
 * Formats constraint violations into the message of an AWS {@code ValidationException}.
 *
 * <p>AWS prefixes the violations with their count and separates them with {@code "; "}:
 * <pre>
 * 1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: ...
 * 2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: ...; Value ...
 * </pre>
 */
public final class ValidationFailure {

    private ValidationFailure() {}

    /**
     * The full {@code ValidationException} message for the given violations.
     *
     * @param violations one or more violation strings, as {@link RequestValidator#validate} returns
     * @throws IllegalArgumentException if {@code violations} is empty
     */
    public static String message(List<String> violations) {
        int count = violations.size();
        if (count == 0) {
            throw new IllegalArgumentException("no violations");
        }
        StringBuilder sb = new StringBuilder(64 * count);
        sb.append(count).append(count == 1 ? " validation error detected: " : " validation errors detected: ");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(violations.get(i));
        }
        return sb.toString();
    }

    /** A {@code ValidationException} (HTTP 400) whose message is {@link #message(List)}. */
    public static ProtocolException exception(List<String> violations) {
        return ProtocolException.validation(message(violations));
    }
}
