package dev.trent.server.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per period, however often it happens (a database outage fails every request that
 * needs it: one line every few seconds, saying how many were left out, not one per request). One line, no stack
 * trace.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long periodNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long periodMillis) {
        this.log = log;
        this.periodNanos = periodMillis * 1_000_000;
    }

    void warn(String message) {
        long now = System.nanoTime();
        long due = next.get();
        if ((due != Long.MIN_VALUE && now - due < 0) || !next.compareAndSet(due, now + periodNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left == 0) log.warn("{}", message);
        else log.warn("{} ({} more like it since the last report)", message, left);
    }
}
