package dev.trent.core.quota;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The request quotas in force and their token buckets, one per account, Region and quota. Effective values are
 * AWS's defaults unless an override says otherwise; overrides can change at runtime ({@link #setOverrides}), and the
 * buckets then start again from full at the new values.
 *
 * <p>{@link #tryAcquire} is on every request's path: two lookups in concurrent maps by the caller's account and
 * Region strings, one array read and one compare-and-set; it allocates nothing once the account's buckets exist.
 */
public final class RequestQuotas {
    private final QuotaCatalogue catalogue;
    private final LongSupplier nanoTime;
    private volatile boolean enabled;
    private volatile List<QuotaOverride> overrides;

    /** account → Region → buckets by quota index; replaced whole when the overrides change. */
    private volatile ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReferenceArray<TokenBucket>>> buckets =
            new ConcurrentHashMap<>();

    /**
     * @param nanoTime the monotonic clock buckets refill by ({@code System::nanoTime}; tests pass their own)
     */
    public RequestQuotas(
            QuotaCatalogue catalogue, boolean enabled, List<QuotaOverride> overrides, LongSupplier nanoTime) {
        this.catalogue = catalogue;
        this.nanoTime = nanoTime;
        this.enabled = enabled;
        this.overrides = List.copyOf(overrides);
    }

    public QuotaCatalogue catalogue() {
        return catalogue;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns quotas on or off at runtime. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public List<QuotaOverride> overrides() {
        return overrides;
    }

    /** Replaces the overrides; every bucket starts again, full, at its new value. */
    public synchronized void setOverrides(List<QuotaOverride> next) {
        overrides = List.copyOf(next);
        buckets = new ConcurrentHashMap<>();
    }

    /** The value in force for {@code quota} for {@code account} in {@code region}, in requests per second. */
    public double effective(String account, String region, RequestQuota quota) {
        QuotaOverride best = null;
        for (QuotaOverride o : overrides) {
            if (o.quota() != quota || !o.appliesTo(account, region)) continue;
            if (best == null || o.specificity() >= best.specificity()) best = o;
        }
        return best != null ? best.value() : quota.defaultFor(region);
    }

    /** Takes one request from {@code quota}'s bucket for {@code account} in {@code region}; false when over it. */
    public boolean tryAcquire(String account, String region, RequestQuota quota) {
        if (!enabled) return true;
        AtomicReferenceArray<TokenBucket> row = row(account, region);
        TokenBucket b = row.get(quota.index());
        long now = nanoTime.getAsLong();
        if (b == null) {
            TokenBucket fresh = new TokenBucket(effective(account, region, quota), now);
            b = row.compareAndExchange(quota.index(), null, fresh);
            if (b == null) b = fresh;
        }
        return b.tryTake(now);
    }

    private AtomicReferenceArray<TokenBucket> row(String account, String region) {
        var byRegion = buckets.get(account);
        if (byRegion == null) byRegion = buckets.computeIfAbsent(account, a -> new ConcurrentHashMap<>());
        var row = byRegion.get(region);
        if (row == null) row = byRegion.computeIfAbsent(region, r -> new AtomicReferenceArray<>(catalogue.size()));
        return row;
    }
}
