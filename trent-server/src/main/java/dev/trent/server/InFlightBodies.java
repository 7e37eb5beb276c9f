package dev.trent.server;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of request bodies being read or handled, over all connections, and their bound
 * ({@code maxInFlightRequestBytes}). A request reserves its body's size (its {@code Content-Length}; for a chunked
 * body, the most a body may be) once its head has passed the pre-authentication screen, before a byte of the body is
 * buffered, and gives it back when its response is written or its connection closes. A request that would take the
 * total over the bound is answered at once with a 503 ({@link RequestAdmission}), so that many large or slow bodies,
 * even with valid credentials, cannot exhaust the server's memory; requests without a body (health checks among
 * them) never need any. The refusals are one warning a minute. Thread-safe.
 */
final class InFlightBodies {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightBodies.class);

    private final long max;
    private final AtomicLong used = new AtomicLong();
    private final RateLimitedWarning refusals;

    InFlightBodies(long max, Clock clock) {
        if (max < 1) throw new IllegalArgumentException("max must be positive");
        this.max = max;
        this.refusals = new RateLimitedWarning(LOG, clock);
    }

    /** Reserves {@code bytes} if that keeps the total within the bound; counts a refusal otherwise. */
    boolean tryReserve(long bytes) {
        if (bytes <= 0) return true;
        for (long now = used.get(); ; now = used.get()) {
            if (now + bytes > max) {
                refusals.occurred(n -> "Refused " + n + " request(s) with 503 ServiceUnavailable: the request bodies"
                        + " being read or handled would exceed " + max + " bytes (setting maxInFlightRequestBytes)");
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) return true;
        }
    }

    /**
     * Reserves {@code bytes} even beyond the bound: for a pipelined request that must be read before an earlier
     * one's response can be written (at most one per connection, of an authenticated caller).
     */
    void reserve(long bytes) {
        if (bytes > 0) used.addAndGet(bytes);
    }

    void release(long bytes) {
        if (bytes > 0) used.addAndGet(-bytes);
    }

    /** The bytes reserved now. */
    long used() {
        return used.get();
    }

    long max() {
        return max;
    }
}
