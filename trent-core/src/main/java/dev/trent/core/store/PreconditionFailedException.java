package dev.trent.core.store;

/**
 * A batch was refused because a precondition did not hold (the key existed when it had to be absent, or was
 * at another version). Nothing of the batch was written. Callers usually reload and decide again, or map it
 * to the service error the situation calls for ({@code AlreadyExistsException} for an alias, say).
 */
public final class PreconditionFailedException extends StoreException {
    private final String key;

    public PreconditionFailedException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key whose precondition failed. */
    public String key() {
        return key;
    }
}
