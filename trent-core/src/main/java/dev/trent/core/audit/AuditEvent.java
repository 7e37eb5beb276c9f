package dev.trent.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event on its way into the {@link AuditJournal}. It is rendered to JSON by the journal's writer thread, not by
 * the thread that records it, so that recording costs a request little more than a queue offer.
 */
@FunctionalInterface
public interface AuditEvent {
    /** The event as a CloudTrail record; it must have a string {@code eventTime}. */
    ObjectNode render();
}
