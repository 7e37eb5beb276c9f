package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.FeedFollower;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the in-memory view of keys and aliases, scoped by account, Region and key id: resolves key ids, key ARNs,
 * alias names and alias ARNs, and asks the {@link Authorizer} before any key reaches an operation.
 *
 * <p>Reads take no lock and touch no store. Every write goes to the store first, with a precondition (a key
 * record is rewritten only at the version the view holds; a new alias only where none exists), and is published
 * in memory only once the store accepted it. A write that lost a race re-reads the record and tries again, at
 * most {@link #MAX_ATTEMPTS} times. Writes of other nodes arrive through the store's change feed
 * ({@link #refresh()}, run every {@link #DEFAULT_REFRESH_INTERVAL} by {@link #startRefreshing}). Writes and
 * refreshes of one registry are serialised by one lock, so the view never goes back in time.
 */
public final class KeyRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRegistry.class);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    static final int MAX_ATTEMPTS = 8;
    private static final int FEED_PAGE = 1000;

    private final Store store;
    private final KeyView view = new KeyView();
    private final KeyResolver resolver;
    private final Authorizer authorizer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile KeyServiceEvents serviceEvents = KeyServiceEvents.NONE;
    /** The newest store revision the view has followed (guarded by {@link #writeLock}). */
    private long lastSeen;

    private FeedFollower refresher;

    /** Loads the view from {@code store} (upgrading an old storage layout first). */
    /** Where Trent's own actions on these keys (deletions, rotations) are reported for the audit trail. */
    public void serviceEvents(KeyServiceEvents events) {
        this.serviceEvents = events == null ? KeyServiceEvents.NONE : events;
    }

    /** Reports one of Trent's own actions on {@code key}; a failure to report is logged, never thrown. */
    void serviceEvent(String eventName, KmsKey key, java.util.Map<String, String> data) {
        try {
            serviceEvents.record(eventName, key, data);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(KeyRegistry.class)
                    .warn("Could not record the {} audit event of {}: {}", eventName, key.arn(), e.toString());
        }
    }

    public KeyRegistry(Store store, Authorizer authorizer) {
        this.store = store;
        this.authorizer = authorizer;
        this.resolver = new KeyResolver(view, authorizer);
        writeLock.lock();
        try {
            LegacyLayoutUpgrade.run(store);
            lastSeen = store.revision();
            view.reloadAll(store);
        } finally {
            writeLock.unlock();
        }
        LOG.info("Loaded {} keys and {} aliases", view.keyCount(), view.aliasCount());
    }

    /** The authorizer keys are checked against (the policy lockout check asks it too). */
    Authorizer authorizer() {
        return authorizer;
    }

    // ------------------------------------------------------------------ resolution

    /** Resolves a key id, key ARN, alias name or alias ARN to a key {@code ctx} may use for {@code action}. */
    public KeyEntry resolve(RequestContext ctx, String action, String keyRef) {
        return resolver.resolve(ctx, action, keyRef, true);
    }

    /** Resolves a key id or key ARN (no aliases: the operations that name one key to change or describe it). */
    public KeyEntry resolveKey(RequestContext ctx, String action, String keyRef) {
        return resolver.resolve(ctx, action, keyRef, false);
    }

    /**
     * The key a ciphertext names by UUID, in the caller's Region: null if there is none there; {@code
     * AccessDeniedException} if it belongs to another account.
     */
    public KeyEntry resolveCiphertextKey(RequestContext ctx, String action, UUID keyId) {
        return resolver.resolveCiphertextKey(ctx, action, keyId, false);
    }

    /** The key a ciphertext header names by its 128 bits, a UUID or a multi-Region id's; as above. */
    public KeyEntry resolveCiphertextKey(RequestContext ctx, String action, UUID keyId, boolean multiRegion) {
        return resolver.resolveCiphertextKey(ctx, action, keyId, multiRegion);
    }

    // ------------------------------------------------------------------ reads

    /** The key at {@code address}, or null. No authorization: for operations that already hold a resolved key. */
    public KeyEntry entry(KeyAddress address) {
        return view.key(address);
    }

    /** The alias at {@code address}, or null. */
    public Alias alias(AliasAddress address) {
        KeyView.AliasEntry a = view.alias(address);
        return a == null ? null : a.alias();
    }

    /** The keys of one account in one Region, in no particular order. */
    public List<KmsKey> keys(String accountId, String region) {
        List<KmsKey> out = new ArrayList<>();
        for (KeyEntry e : view.keys()) {
            KmsKey k = e.key();
            if (k.accountId().equals(accountId) && k.region().equals(region)) out.add(k);
        }
        return out;
    }

    /** Every key of the view (for the deletion pass). */
    public List<KeyEntry> entries() {
        List<KeyEntry> out = new ArrayList<>();
        view.keys().forEach(out::add);
        return out;
    }

    /** The aliases of one account in one Region, in no particular order. */
    public List<Alias> aliases(String accountId, String region) {
        List<Alias> out = new ArrayList<>();
        for (KeyView.AliasEntry a : view.aliases()) {
            if (a.alias().accountId().equals(accountId) && a.alias().region().equals(region)) out.add(a.alias());
        }
        return out;
    }

    public int keyCount() {
        return view.keyCount();
    }

    // ------------------------------------------------------------------ writes

    /** Writes a new key with its material (every record must be absent) and publishes it. */
    public KeyEntry createKey(KmsKey key, KeyMaterials materials) {
        return createKey(key, materials, null);
    }

    /**
     * Writes a new key with its material and, when {@code alias} is not null, an alias naming it, in one batch
     * (every record must be absent), and publishes them. Returns null, writing nothing, when the alias exists
     * already (another request or node made it first): how an AWS managed key is made once per account and Region.
     */
    public KeyEntry createKey(KmsKey key, KeyMaterials materials, Alias alias) {
        KeyAddress a = key.address();
        List<Mutation> batch = new ArrayList<>();
        for (Map.Entry<Integer, KeyMaterial> m : materials.asMap().entrySet()) {
            batch.add(Mutation.create(
                    StorageLayout.materialPath(a, m.getKey()), m.getValue().encode()));
        }
        batch.add(Mutation.create(StorageLayout.keyPath(a), KeyCodec.encode(key)));
        if (alias != null) batch.add(Mutation.create(StorageLayout.aliasPath(alias.address()), KeyCodec.encode(alias)));
        return locked(() -> {
            try {
                long version = store.apply(batch);
                KeyEntry e = new KeyEntry(key, materials, version);
                view.put(e);
                if (alias != null) view.put(new KeyView.AliasEntry(alias, version));
                return e;
            } catch (PreconditionFailedException exists) {
                if (alias == null) throw exists;
                view.reloadAlias(store, alias.address());
                return null;
            } finally {
                wipe(batch);
            }
        });
    }

    /**
     * Resolves {@code keyRef} (key id or ARN) for {@code action} and writes {@code update}'s change of it at the
     * version the view holds; on a lost race re-reads the key and runs {@code update} again. {@code update}
     * makes the operation's checks (key state, arguments) and may throw.
     */
    public KmsKey updateKey(RequestContext ctx, String action, String keyRef, Function<KmsKey, KeyChange> update) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                KeyEntry e = resolveKey(ctx, action, keyRef);
                KeyChange change = update.apply(e.key());
                KeyAddress a = e.key().address();
                if (!change.key().address().equals(a)) throw new IllegalArgumentException("a change cannot move a key");
                List<Mutation> batch = new ArrayList<>();
                KeyMaterials ring = e.materials();
                for (Map.Entry<Integer, KeyMaterial> m : change.addedMaterial().entrySet()) {
                    batch.add(Mutation.create(
                            StorageLayout.materialPath(a, m.getKey()),
                            m.getValue().encode()));
                    ring = ring.with(m.getKey(), m.getValue());
                }
                batch.add(Mutation.put(
                        StorageLayout.keyPath(a), KeyCodec.encode(change.key()), Precondition.version(e.version())));
                try {
                    view.put(new KeyEntry(change.key(), ring, store.apply(batch)));
                    return change.key();
                } catch (PreconditionFailedException conflict) {
                    change.addedMaterial().values().forEach(KeyMaterial::destroy);
                    retryOrThrow(attempt, conflict);
                } finally {
                    wipe(batch);
                }
            }
        });
    }

    /** Writes a new alias if none of that name exists (in the view or the store); false if one does. */
    public boolean createAlias(Alias alias) {
        return locked(() -> {
            AliasAddress a = alias.address();
            if (view.alias(a) != null) return false;
            try {
                long version =
                        store.apply(List.of(Mutation.create(StorageLayout.aliasPath(a), KeyCodec.encode(alias))));
                view.put(new KeyView.AliasEntry(alias, version));
                return true;
            } catch (PreconditionFailedException exists) {
                view.reloadAlias(store, a);
                return false;
            }
        });
    }

    /**
     * Rewrites the alias at {@code address} as {@code change} says, at the version the view holds; {@code change}
     * gets the current alias, or null if there is none (it throws then), and runs again after a lost race.
     */
    public Alias updateAlias(AliasAddress address, UnaryOperator<Alias> change) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                KeyView.AliasEntry current = view.alias(address);
                Alias updated = change.apply(current == null ? null : current.alias());
                if (current == null || !updated.address().equals(address)) {
                    throw new IllegalStateException("an alias update must keep an existing alias's name");
                }
                try {
                    long version = store.apply(List.of(Mutation.put(
                            StorageLayout.aliasPath(address),
                            KeyCodec.encode(updated),
                            Precondition.version(current.version()))));
                    view.put(new KeyView.AliasEntry(updated, version));
                    return updated;
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /** Deletes the alias at {@code address}; false if there is none. */
    public boolean deleteAlias(AliasAddress address) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                KeyView.AliasEntry current = view.alias(address);
                if (current == null) return false;
                try {
                    store.apply(List.of(Mutation.delete(
                            StorageLayout.aliasPath(address), Precondition.version(current.version()))));
                    view.remove(address);
                    return true;
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /**
     * Deletes the key at {@code address} with its material, its aliases and its grants, if {@code due} still holds
     * for the newest version of it; returns whether it did. The key and alias records are deleted at the versions the
     * view holds, so a key cancelled on another node meanwhile is re-read and spared.
     */
    public boolean purgeKey(KeyAddress address, Predicate<KmsKey> due) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                KeyEntry e = view.key(address);
                if (e == null || !due.test(e.key())) return false;
                List<Mutation> batch = new ArrayList<>();
                batch.add(Mutation.delete(StorageLayout.keyPath(address), Precondition.version(e.version())));
                for (int v : e.materials().versions()) {
                    batch.add(Mutation.delete(StorageLayout.materialPath(address, v)));
                }
                // The key's grants go with it (read from the store: no grant can be created meanwhile, since a
                // grant is written only while the key record is at the version its creator read, and this batch
                // deletes a key pending deletion, which takes no new grants).
                for (Store.Entry g : store.scan(StorageLayout.grantsPrefix(address))) {
                    batch.add(Mutation.delete(g.key(), Precondition.version(g.version())));
                }
                List<AliasAddress> aliases = new ArrayList<>();
                for (KeyView.AliasEntry a : view.aliases()) {
                    if (a.alias().targetAddress().equals(address)) {
                        aliases.add(a.alias().address());
                        batch.add(Mutation.delete(
                                StorageLayout.aliasPath(a.alias().address()), Precondition.version(a.version())));
                    }
                }
                try {
                    store.apply(batch);
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                    continue;
                }
                view.remove(address);
                aliases.forEach(view::remove);
                e.materials().destroy();
                return true;
            }
        });
    }

    /**
     * One key's part of a {@link #writeKeys} batch: the entry it was planned from (null for a new key, written only
     * if absent), its new record, material versions to add (owned by this write: destroyed if the batch fails) and
     * versions to delete (imported material deleted or expired).
     */
    public record KeyWrite(KeyEntry expected, KmsKey key, Map<Integer, KeyMaterial> added, Set<Integer> removed) {
        public KeyWrite {
            Objects.requireNonNull(key, "key");
            added = Map.copyOf(added);
            removed = Set.copyOf(removed);
        }

        /** A rewrite of {@code expected}'s record alone. */
        public static KeyWrite of(KeyEntry expected, KmsKey key) {
            return new KeyWrite(expected, key, Map.of(), Set.of());
        }
    }

    /** What a {@link #writeKeys} planner returns: the writes of one batch and the operation's result. */
    public record Plan<T>(List<KeyWrite> writes, T result) {}

    /**
     * Writes several keys in one store batch (the keys of a multi-Region set, a key and its new replica): {@code
     * planner} reads the view ({@link #entry}) and returns the writes, each at the version of the entry it was
     * planned from; on a lost race the records are re-read and {@code planner} runs again (at most {@link
     * #MAX_ATTEMPTS} times). {@code planner} makes the operation's checks and may throw.
     */
    public <T> T writeKeys(java.util.function.Supplier<Plan<T>> planner) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                Plan<T> plan = planner.get();
                List<Mutation> batch = new ArrayList<>();
                for (KeyWrite w : plan.writes()) {
                    KeyAddress a = w.key().address();
                    if (w.expected() != null && !w.expected().key().address().equals(a)) {
                        throw new IllegalArgumentException("a change cannot move a key");
                    }
                    for (Map.Entry<Integer, KeyMaterial> m : w.added().entrySet()) {
                        // put, not create: a re-import writes the same material again
                        batch.add(Mutation.put(
                                StorageLayout.materialPath(a, m.getKey()),
                                m.getValue().encode()));
                    }
                    for (int v : w.removed()) batch.add(Mutation.delete(StorageLayout.materialPath(a, v)));
                    byte[] record = KeyCodec.encode(w.key());
                    batch.add(
                            w.expected() == null
                                    ? Mutation.create(StorageLayout.keyPath(a), record)
                                    : Mutation.put(
                                            StorageLayout.keyPath(a),
                                            record,
                                            Precondition.version(w.expected().version())));
                }
                long revision;
                try {
                    revision = plan.writes().isEmpty() ? 0 : store.apply(batch);
                } catch (PreconditionFailedException conflict) {
                    for (KeyWrite w : plan.writes()) w.added().values().forEach(KeyMaterial::destroy);
                    retryOrThrow(attempt, conflict);
                    continue;
                } finally {
                    wipe(batch);
                }
                for (KeyWrite w : plan.writes()) {
                    KeyMaterials ring = w.expected() == null
                            ? KeyMaterials.empty()
                            : w.expected().materials();
                    List<KeyMaterial> gone = new ArrayList<>();
                    for (int v : w.removed()) {
                        KeyMaterial old = ring.get(v);
                        if (old != null) gone.add(old);
                        ring = ring.without(v);
                    }
                    for (Map.Entry<Integer, KeyMaterial> m : w.added().entrySet()) {
                        ring = ring.without(m.getKey()).with(m.getKey(), m.getValue());
                    }
                    view.put(new KeyEntry(w.key(), ring, revision));
                    gone.forEach(KeyMaterial::destroy);
                }
                return plan.result();
            }
        });
    }

    private void retryOrThrow(int attempt, PreconditionFailedException conflict) {
        if (attempt >= MAX_ATTEMPTS) throw conflict;
        LOG.debug("Write lost a race on {}; re-reading it", conflict.key());
        reload(conflict.key());
    }

    // ------------------------------------------------------------------ following the store

    /**
     * Brings the view up to date with the store's change feed: re-reads every key and alias written since the
     * last refresh and newer than the view's copy (own writes are skipped that way), or everything if the store
     * no longer has the changes since then or is behind the view (restored from an older copy).
     */
    public void refresh() {
        locked(() -> {
            while (true) {
                Store.ChangePage page = store.changesSince(lastSeen, FEED_PAGE);
                // A head behind what this view has seen means the database went back in time (a restore):
                // nothing in the feed describes that, so start over from what the store holds.
                if (page.reloadRequired() || page.headRevision() < lastSeen) {
                    lastSeen = page.headRevision();
                    view.reloadAll(store);
                    return null;
                }
                if (page.changes().isEmpty()) return null;
                Set<String> stale = new LinkedHashSet<>();
                long newest = lastSeen;
                for (Store.Change c : page.changes()) {
                    if (newerThanView(c)) stale.add(c.key());
                    newest = Math.max(newest, c.revision());
                }
                stale.forEach(this::reload); // if a re-read fails, the next refresh starts from the same place
                lastSeen = newest;
            }
        });
    }

    private boolean newerThanView(Store.Change c) {
        return switch (StorageLayout.parse(c.key())) {
            case StorageLayout.KeyRecord r -> olderThan(view.key(r.address()), c.revision());
            case StorageLayout.MaterialRecord m -> olderThan(view.key(m.address()), c.revision());
            case StorageLayout.AliasRecord r -> {
                KeyView.AliasEntry a = view.alias(r.address());
                yield a == null || a.version() < c.revision();
            }
            case null, default -> false;
        };
    }

    private static boolean olderThan(KeyEntry e, long revision) {
        return e == null || e.version() < revision;
    }

    /** Re-reads the record at a store key (and, for material, its key). */
    private void reload(String storeKey) {
        switch (StorageLayout.parse(storeKey)) {
            case StorageLayout.KeyRecord r -> view.reloadKey(store, r.address());
            case StorageLayout.MaterialRecord m -> view.reloadKey(store, m.address());
            case StorageLayout.AliasRecord r -> view.reloadAlias(store, r.address());
            case null, default -> {}
        }
    }

    /** Refreshes every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void startRefreshing(Duration interval) {
        if (refresher != null) throw new IllegalStateException("already refreshing");
        refresher = FeedFollower.start("trent-key-view-refresh", "the key registry", interval, this::refresh, store);
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

    private static void wipe(List<Mutation> batch) {
        for (Mutation m : batch) {
            if (m.key().startsWith(StorageLayout.MATERIAL) && m.value() != null) Arrays.fill(m.value(), (byte) 0);
        }
    }
}
