package dev.trent.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every store implementation decides the same way, so the stores pass {@code StoreContract} alike: the
 * failures of preconditions, the expiry of a lease, and pages of the change feed made of whole batches.
 */
public final class StoreRules {
    private StoreRules() {}

    /** The failure of a create (or an {@code ABSENT} check) on a key that exists. */
    public static PreconditionFailedException exists(String key) {
        return new PreconditionFailedException(key, key + " exists");
    }

    /** The failure of a compare-and-set on a key that is absent or at another version. */
    public static PreconditionFailedException notAtVersion(String key, long version) {
        return new PreconditionFailedException(key, key + " is not at version " + version);
    }

    /** Throws unless a key now at {@code version} (null: absent) satisfies {@code p}. */
    public static void check(String key, Long version, Store.Precondition p) {
        switch (p) {
            case Store.Precondition.None n -> {}
            case Store.Precondition.Absent a -> {
                if (version != null) throw exists(key);
            }
            case Store.Precondition.AtVersion v -> {
                if (version == null || version != v.version()) throw notAtVersion(key, v.version());
            }
        }
    }

    /** {@code now + ttl} in epoch milliseconds, {@link Long#MAX_VALUE} when that overflows. */
    public static long leaseExpiry(Instant now, Duration ttl) {
        try {
            return Math.addExact(now.toEpochMilli(), ttl.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Trims {@code changes}, read with a limit of {@code limit + 1} rows in revision order, to whole batches: the
     * batch of the first row past the limit waits for the next page. Returns 0 when the page is then done, or, when
     * that batch is the only one (a batch larger than the page), its revision: the caller reads that batch whole into
     * the now empty list, since a cursor cannot point into a batch.
     */
    public static long trimToWholeBatches(List<Store.Change> changes, int limit) {
        if (changes.size() <= limit) return 0;
        long last = changes.get(limit).revision();
        while (!changes.isEmpty() && changes.getLast().revision() == last) changes.removeLast();
        return changes.isEmpty() ? last : 0;
    }
}
