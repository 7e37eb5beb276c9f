package dev.trent.crypto;

/**
 * A MAC tag is not valid for the data under the key: wrong key, altered data, altered, truncated or extended tag.
 * The message is deliberately unspecific about which. Thrown by {@link Mac#verify}; the KMS layer maps it to {@code
 * KMSInvalidMacException}.
 */
public final class InvalidMacException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidMacException(String message) {
        super(message);
    }
}
