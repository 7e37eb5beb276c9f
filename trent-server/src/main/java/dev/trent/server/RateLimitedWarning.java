package dev.trent.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;

/**
 * A warning about something clients can make happen at will (connections over a cap, an overload), logged at most
 * once a minute with how many times it happened since the last line: an attacker cannot fill the log with it, and
 * the operator still learns that it happens and how often. Thread-safe; never a stack trace.
 */
final class RateLimitedWarning {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final Clock clock;
    private final AtomicLong sinceLastLine = new AtomicLong();
    private volatile Instant lastLine = Instant.EPOCH;

    RateLimitedWarning(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * Counts one occurrence; when the last line is a minute old or more, logs {@code message} applied to the count
     * since then (this one included).
     */
    void occurred(LongFunction<String> message) {
        sinceLastLine.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastLine;
        if (Duration.between(last, now).compareTo(EVERY) >= 0) {
            synchronized (this) {
                if (lastLine != last) return; // another thread logged it
                lastLine = now;
            }
            log.warn(message.apply(sinceLastLine.getAndSet(0)));
        }
    }
}
