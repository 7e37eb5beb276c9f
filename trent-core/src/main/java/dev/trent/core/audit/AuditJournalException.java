package dev.trent.core.audit;

/** The audit journal could not record an event durably: the request it belongs to must fail (fail closed). */
public final class AuditJournalException extends RuntimeException {
    public AuditJournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
