package dev.trent.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A reference {@link Store} in memory, for unit tests of the layers above the store. Implements the whole
 * contract (revisions, preconditions, change feed, leases) with one monitor.
 */
public final class InMemoryStore implements Store {
    private record Row(byte[] value, long version) {}

    private record Lease(String holder, Instant until) {}

    private final TreeMap<String, Row> data = new TreeMap<>();
    private final List<Change> feed = new ArrayList<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private long revision;
    private final boolean shared;

    public InMemoryStore() {
        this(false);
    }

    /** A store that says it is {@link #shared()} (a database several nodes use), for the barrier's tests. */
    public InMemoryStore(boolean shared) {
        this.shared = shared;
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public synchronized Optional<Entry> get(String key) {
        Row r = data.get(key);
        return r == null
                ? Optional.empty()
                : Optional.of(new Entry(key, r.value().clone(), r.version()));
    }

    @Override
    public synchronized List<Entry> scan(String prefix) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Row> e : data.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            out.add(new Entry(
                    e.getKey(), e.getValue().value().clone(), e.getValue().version()));
        }
        return out;
    }

    @Override
    public synchronized long apply(List<Mutation> mutations) {
        // Preconditions are checked against the state as the batch goes, so a batch may create then check a key.
        TreeMap<String, Row> staged = new TreeMap<>(data);
        long rev = revision + 1;
        List<Change> changes = new ArrayList<>();
        for (Mutation m : mutations) {
            Row current = staged.get(m.key());
            switch (m.precondition()) {
                case Precondition.None n -> {}
                case Precondition.Absent a -> {
                    if (current != null) throw new PreconditionFailedException(m.key(), m.key() + " exists");
                }
                case Precondition.AtVersion v -> {
                    if (current == null || current.version() != v.version()) {
                        throw new PreconditionFailedException(m.key(), m.key() + " is not at version " + v.version());
                    }
                }
            }
            if (m.checkOnly()) continue;
            if (m.isDelete()) {
                if (staged.remove(m.key()) != null) changes.add(new Change(rev, m.key(), true));
            } else {
                staged.put(m.key(), new Row(m.value().clone(), rev));
                changes.add(new Change(rev, m.key(), false));
            }
        }
        if (changes.isEmpty()) return revision;
        data.clear();
        data.putAll(staged);
        feed.addAll(changes);
        revision = rev;
        return rev;
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public synchronized ChangePage changesSince(long after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        List<Change> out = new ArrayList<>();
        int i = 0;
        while (i < feed.size() && feed.get(i).revision() <= after) i++;
        while (i < feed.size()) {
            int end = i;
            while (end < feed.size() && feed.get(end).revision() == feed.get(i).revision()) end++;
            // Whole batches only; a batch larger than the limit comes whole, on a page of its own.
            if (!out.isEmpty() && out.size() + (end - i) > limit) break;
            out.addAll(feed.subList(i, end));
            i = end;
        }
        return new ChangePage(out, false, revision);
    }

    @Override
    public synchronized boolean tryLease(String name, String holder, Instant now, Duration ttl) {
        Lease l = leases.get(name);
        if (l == null || l.holder().equals(holder) || !l.until().isAfter(now)) {
            leases.put(name, new Lease(holder, now.plus(ttl)));
            return true;
        }
        return false;
    }

    @Override
    public synchronized void releaseLease(String name, String holder) {
        Lease l = leases.get(name);
        if (l != null && l.holder().equals(holder)) leases.remove(name);
    }

    /** A copy of everything (a backup), for restore tests. */
    public synchronized InMemoryStore copy() {
        InMemoryStore c = new InMemoryStore();
        c.data.putAll(data);
        c.feed.addAll(feed);
        c.revision = revision;
        return c;
    }

    /** Replaces everything with {@code backup}'s state, as restoring a database from a backup would. */
    public synchronized void restore(InMemoryStore backup) {
        synchronized (backup) {
            data.clear();
            data.putAll(backup.data);
            feed.clear();
            feed.addAll(backup.feed);
            revision = backup.revision;
        }
    }

    /** Direct access to the raw bytes, for tamper tests. */
    public synchronized Map<String, byte[]> raw() {
        Map<String, byte[]> out = new TreeMap<>();
        data.forEach((k, r) -> out.put(k, r.value()));
        return out;
    }

    /** Replaces the raw bytes of a key (same version), for tamper tests. */
    public synchronized void tamper(String key, byte[] value) {
        Row r = data.get(key);
        data.put(key, new Row(value, r == null ? revision : r.version()));
    }

    /** Puts raw bytes at a key with the version given (a row copied in from an older database), for tamper tests. */
    public synchronized void tamper(String key, byte[] value, long version) {
        data.put(key, new Row(value, version));
    }

    /** Removes a key without a revision or a change (a row deleted behind the store's back), for tamper tests. */
    public synchronized void remove(String key) {
        data.remove(key);
    }

    /** The raw entry at a key, for tamper tests. */
    public synchronized Optional<Entry> rawEntry(String key) {
        Row r = data.get(key);
        return r == null
                ? Optional.empty()
                : Optional.of(new Entry(key, r.value().clone(), r.version()));
    }

    @Override
    public void close() {}
}
