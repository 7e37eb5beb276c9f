package dev.trent.core.quota;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket of {@code rate} tokens a second holding at most one second's worth ({@code max(1,
 * floor(rate))} tokens), kept as the generic cell rate algorithm does: one {@code long}, the theoretical arrival
 * time of the next request, advanced by compare-and-set. Taking a token allocates nothing.
 */
final class TokenBucket {
    private static final long SECOND = 1_000_000_000L;

    /** Nanoseconds one token takes to come back. */
    private final long interval;
    /** How far ahead of now the theoretical arrival time may run: (capacity - 1) intervals. */
    private final long tolerance;

    private final AtomicLong tat;

    TokenBucket(double rate, long now) {
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive");
        this.interval = Math.max(1L, Math.round(SECOND / rate));
        long capacity = Math.max(1L, (long) Math.floor(rate));
        this.tolerance = (capacity - 1) * interval;
        this.tat = new AtomicLong(now);
    }

    /** Takes a token at time {@code now} (nanoseconds); false if there is none. */
    boolean tryTake(long now) {
        while (true) {
            long t = tat.get();
            if (t - now > tolerance) return false;
            long next = (t - now < 0 ? now : t) + interval;
            if (tat.compareAndSet(t, next)) return true;
        }
    }
}
