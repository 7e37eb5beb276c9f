package dev.trent.core.barrier;

import dev.trent.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Store} view that seals every value through the {@link Barrier} with the entry's key as its
 * identity, so the backing store only ever sees ciphertext. Versions, preconditions, the change feed and
 * leases pass through untouched (they carry no secrets). On open it checks a canary record so that a wrong
 * root key is detected at start, not on first use.
 */
public final class SealedStore implements Store {
    static final String CANARY_KEY = "barrier/canary";
    private static final byte[] CANARY = "trent barrier canary v1".getBytes(StandardCharsets.UTF_8);

    private final Store backing;
    private final Barrier barrier;

    public SealedStore(Store backing, Barrier barrier) {
        this.backing = backing;
        this.barrier = barrier;
        Optional<Entry> canary = backing.get(CANARY_KEY);
        if (canary.isEmpty()) {
            backing.apply(List.of(Mutation.put(CANARY_KEY, barrier.seal(CANARY_KEY, CANARY))));
        } else {
            try {
                barrier.unseal(CANARY_KEY, canary.get().value());
            } catch (Barrier.BarrierException e) {
                throw new Barrier.BarrierException(
                        "the root key does not open this data directory (barrier canary check failed)");
            }
        }
    }

    @Override
    public Optional<Entry> get(String key) {
        return backing.get(key).map(this::unseal);
    }

    @Override
    public List<Entry> scan(String prefix) {
        List<Entry> sealed = backing.scan(prefix);
        List<Entry> out = new ArrayList<>(sealed.size());
        for (Entry e : sealed) out.add(unseal(e));
        return out;
    }

    private Entry unseal(Entry e) {
        return new Entry(e.key(), barrier.unseal(e.key(), e.value()), e.version());
    }

    @Override
    public long apply(List<Mutation> mutations) {
        List<Mutation> sealed = new ArrayList<>(mutations.size());
        for (Mutation m : mutations) {
            sealed.add(m.value() == null ? m : m.withValue(barrier.seal(m.key(), m.value())));
        }
        return backing.apply(sealed);
    }

    @Override
    public long revision() {
        return backing.revision();
    }

    @Override
    public ChangePage changesSince(long revision, int limit) {
        return backing.changesSince(revision, limit);
    }

    @Override
    public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
        return backing.tryLease(name, holder, now, ttl);
    }

    @Override
    public void releaseLease(String name, String holder) {
        backing.releaseLease(name, holder);
    }

    @Override
    public void close() {
        backing.close();
    }
}
