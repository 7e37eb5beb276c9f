package dev.trent.core.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An event on its way into the {@link AuditJournal}. It is rendered by the journal's writer thread, not by the thread
 * that records it, so that recording costs a request little more than a queue offer.
 *
 * <p>An event is either a tree ({@link #render}: the simple form, for events off the hot path) or writes itself
 * straight to the journal's buffer ({@link #write}: the events of requests, one per request).
 */
@FunctionalInterface
public interface AuditEvent {
    /** The event as a CloudTrail record; it must have a string {@code eventTime}. */
    ObjectNode render();

    /**
     * Writes the event as one JSON object and returns what look-ups match it on; by default the {@link #render}ed
     * tree and the attributes read back from it. An event that overrides this must write what {@link #render}
     * returns, and return exactly {@link EventAttributes#of} of it.
     */
    default EventAttributes write(JsonGenerator g) throws IOException {
        ObjectNode e = render();
        g.writeTree(e);
        return EventAttributes.of(e);
    }
}
