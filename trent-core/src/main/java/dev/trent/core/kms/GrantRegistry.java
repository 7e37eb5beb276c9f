package dev.trent.core.kms;

import dev.trent.core.store.FeedFollower;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the in-memory view of grants and their records in the store ({@code kms/grants/<account>/<region>/<keyId>/
 * <grantId>}), following {@link KeyRegistry}'s pattern: reads from memory only; writes go to the store first,
 * with preconditions (a new grant record must be absent and its key record still at the version the key view
 * holds, so no grant is ever written for a key that was meanwhile scheduled for deletion; a deletion is at the
 * version the view holds), and are published in memory once the store accepted them; the store's change feed
 * brings other nodes' writes ({@link #refresh()}, every {@link #DEFAULT_REFRESH_INTERVAL} once {@link
 * #startRefreshing} ran). Writes and refreshes are serialised by one lock.
 *
 * <p>For grant tokens it also tracks how far the view has followed the store ({@link #seenRevision()}): a grant
 * that a token names and that the view does not hold, although the view has followed the store past the
 * revision that wrote it, no longer exists. This node's own deletions are remembered until the feed passes them.
 */
public final class GrantRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrantRegistry.class);
    public static final Duration DEFAULT_REFRESH_INTERVAL = KeyRegistry.DEFAULT_REFRESH_INTERVAL;
    static final int MAX_ATTEMPTS = KeyRegistry.MAX_ATTEMPTS;
    private static final int FEED_PAGE = 1000;

    private final Store store;
    private final GrantView view = new GrantView();
    private final GrantTokens tokens;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The newest store revision the view has followed; written under {@link #writeLock}, read anywhere. */
    private volatile long lastSeen;
    /** Grants this node deleted, with the deletion's revision, until the feed has passed that revision. */
    private final ConcurrentHashMap<String, Long> deletedHere = new ConcurrentHashMap<>();

    private FeedFollower refresher;

    /** Loads the view from {@code store}, and the grant-token key (made on first use of the store). */
    public GrantRegistry(Store store, SecureRandom random) {
        this.store = store;
        this.tokens = GrantTokens.load(store, random);
        writeLock.lock();
        try {
            lastSeen = store.revision();
            view.reloadAll(store);
        } finally {
            writeLock.unlock();
        }
        LOG.info("Loaded {} grants", view.size());
    }

    // ------------------------------------------------------------------ reads (memory only)

    GrantView.Entry get(String grantId) {
        return view.get(grantId);
    }

    Collection<GrantView.Entry> of(KeyAddress key, String grantee) {
        return view.of(key, grantee);
    }

    List<GrantView.Entry> of(KeyAddress key) {
        return view.of(key);
    }

    int count(KeyAddress key) {
        return view.count(key);
    }

    List<GrantView.Entry> retirableBy(String retiringPrincipal) {
        return view.retirableBy(retiringPrincipal);
    }

    GrantTokens tokens() {
        return tokens;
    }

    /** The newest store revision the view has followed. */
    long seenRevision() {
        return lastSeen;
    }

    /** Whether this node deleted {@code grantId} and the feed has not yet caught up with the deletion. */
    boolean deletedHere(String grantId) {
        return deletedHere.containsKey(grantId);
    }

    public int grantCount() {
        return view.size();
    }

    // ------------------------------------------------------------------ store reads (workers only)

    /**
     * The grant {@code grantId} of the key at {@code key}: from the view, or else from the store (a grant another
     * node created that this view has not seen yet), or null if there is none.
     */
    GrantView.Entry find(KeyAddress key, String grantId) {
        GrantView.Entry e = view.get(grantId);
        if (e != null) return e.grant().key().equals(key) ? e : null;
        return locked(() -> view.reload(store, key, grantId));
    }

    // ------------------------------------------------------------------ writes

    /**
     * Writes a new grant if the key record is still at {@code keyVersion}, publishes it and returns the revision
     * that wrote it.
     *
     * @throws PreconditionFailedException if the key changed meanwhile (the caller re-reads the key and decides
     *     again)
     */
    long create(Grant grant, long keyVersion) {
        KeyAddress a = grant.key();
        List<Mutation> batch = List.of(
                Mutation.check(StorageLayout.keyPath(a), Precondition.version(keyVersion)),
                Mutation.create(StorageLayout.grantPath(a, grant.grantId()), GrantCodec.encode(grant)));
        return locked(() -> {
            long revision = store.apply(batch);
            view.put(new GrantView.Entry(grant, revision));
            return revision;
        });
    }

    /**
     * Deletes the grant {@code grantId} of the key at {@code key} at the version the view holds (re-reading it
     * after a lost race); returns whether it was there to delete.
     */
    boolean delete(KeyAddress key, String grantId) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                GrantView.Entry e = view.get(grantId);
                if (e == null || !e.grant().key().equals(key)) e = view.reload(store, key, grantId);
                if (e == null) return false;
                try {
                    long revision = store.apply(List.of(
                            Mutation.delete(StorageLayout.grantPath(key, grantId), Precondition.version(e.version()))));
                    deletedHere.put(grantId, revision);
                    view.remove(grantId);
                    return true;
                } catch (PreconditionFailedException conflict) {
                    if (attempt >= MAX_ATTEMPTS) throw conflict;
                    LOG.debug("Grant deletion lost a race on {}; re-reading it", conflict.key());
                    view.reload(store, key, grantId);
                }
            }
        });
    }

    // ------------------------------------------------------------------ following the store

    /**
     * Brings the view up to date with the store's change feed: re-reads every grant record written or deleted
     * since the last refresh and newer than the view's copy, or everything if the store no longer has those
     * changes or is behind the view.
     */
    public void refresh() {
        locked(() -> {
            while (true) {
                Store.ChangePage page = store.changesSince(lastSeen, FEED_PAGE);
                if (page.reloadRequired() || page.headRevision() < lastSeen) {
                    view.reloadAll(store);
                    advance(page.headRevision());
                    return null;
                }
                if (page.changes().isEmpty()) return null;
                Map<String, StorageLayout.GrantRecord> stale = new LinkedHashMap<>();
                long newest = lastSeen;
                for (Store.Change c : page.changes()) {
                    if (StorageLayout.parse(c.key()) instanceof StorageLayout.GrantRecord r) {
                        GrantView.Entry e = view.get(r.grantId());
                        if (c.deleted() || e == null || e.version() < c.revision()) stale.put(c.key(), r);
                    }
                    newest = Math.max(newest, c.revision());
                }
                stale.values().forEach(r -> view.reload(store, r.key(), r.grantId()));
                advance(newest);
            }
        });
    }

    private void advance(long revision) {
        lastSeen = revision;
        deletedHere.values().removeIf(deletedAt -> deletedAt <= revision);
    }

    /** Refreshes every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void startRefreshing(Duration interval) {
        if (refresher != null) throw new IllegalStateException("already refreshing");
        refresher = FeedFollower.start("trent-grant-view-refresh", "the grants", interval, this::refresh, store);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.close();
            refresher = null;
        }
    }

    private interface Locked<T> {
        T run();
    }

    private <T> T locked(Locked<T> work) {
        writeLock.lock();
        try {
            return work.run();
        } finally {
            writeLock.unlock();
        }
    }
}
