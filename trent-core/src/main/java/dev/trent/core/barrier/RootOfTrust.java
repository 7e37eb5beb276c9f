package dev.trent.core.barrier;

import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier's keys and where they come from: the root key of the configured {@link RootKeyProvider}, the
 * {@link Keyring} it wraps ({@link KeyringRecord} in the store), and root-key rotation.
 *
 * <p><b>Opening</b> ({@link #open}) a store:
 * <ul>
 *   <li>with a keyring record wrapped by the configured provider: the root key opens it;
 *   <li>with a keyring record wrapped by another provider (the configuration moved, say, from {@code file} to
 *       {@code pkcs11}): that provider, from the same settings, opens it, and it is rotated to the configured one;
 *   <li>with records but no keyring record (a data directory of an earlier build, sealed directly under its key
 *       file): the key file is keyring term 0; another configured provider rotates it away;
 *   <li>empty: a new keyring, wrapped by the configured root key.
 * </ul>
 *
 * <p><b>Rotation</b> ({@link #beginRotation}, {@link #finishRotation}), crash-safe at every step:
 * <ol>
 *   <li>a new random term is added and made active; the keyring record is replaced (one compare-and-set write).
 *       From then on new values are sealed with the new term and values of the old terms still open. A crash
 *       before this write leaves the old keyring; after it, the new one;</li>
 *   <li>every record of an older term is re-sealed through the store's ordinary write path
 *       ({@link SealedStore#resealToActiveTerm}), in batches, each batch atomic. A crash leaves some records in
 *       the new term and some in the old, all readable; opening a keyring with several terms resumes here;</li>
 *   <li>the old terms are dropped from the keyring record (one more compare-and-set write).</li>
 * </ol>
 * Rollback detection is unaffected: re-sealing is a write like any other (a new write sequence, the marker and the
 * high-water mark follow), and the digest key stays the same across terms.
 */
public final class RootOfTrust implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RootOfTrust.class);
    /** Records per re-sealing batch. */
    public static final int DEFAULT_BATCH = 256;

    private final Store backing;
    private final RootKeyProvider provider;
    private final SecureRandom random;
    private final Barrier barrier;
    private RootKey root;
    private KeyringRecord record; // null: legacy, no record
    private final Object rotation = new Object();
    private boolean warnedOtherProvider;
    /** Guards {@link #record} and the barrier's keyring; never held while records are re-sealed. */
    private final Object keyringLock = new Object();

    private RootOfTrust(
            Store backing,
            RootKeyProvider provider,
            SecureRandom random,
            Barrier barrier,
            RootKey root,
            KeyringRecord record) {
        this.backing = backing;
        this.provider = provider;
        this.random = random;
        this.barrier = barrier;
        this.root = root;
        this.record = record;
        barrier.refreshWith(this::reload);
    }

    /**
     * Follows a keyring another process or node stored (its rotation): reads the keyring record and, when it
     * changed, opens it with this root key and hands it to the barrier. A keyring wrapped by another provider is
     * left alone (logged once): this process's root key cannot open it.
     */
    public void reload() {
        synchronized (keyringLock) {
            Optional<KeyringRecord> stored = KeyringRecord.read(backing);
            if (stored.isEmpty() || (record != null && stored.get().version() == record.version())) return;
            KeyringRecord rec = stored.get();
            if (!rec.rootOfTrust().equals(provider.kind())) {
                if (!warnedOtherProvider)
                    LOG.error(
                            "The barrier keyring is now wrapped by the {} root of trust; restart"
                                    + " this server with --root-of-trust {}",
                            rec.rootOfTrust(),
                            rec.rootOfTrust());
                warnedOtherProvider = true;
                return;
            }
            if (root == null) root = provider.open(rec.parameters());
            Keyring k = rec.open(root);
            record = rec;
            barrier.update(k);
            LOG.info("Loaded the barrier keyring stored by another process: keyring term {} is active", k.activeTerm());
        }
    }

    /**
     * Opens the barrier of {@code backing} (the raw store) with {@code configured}; {@code providers} makes the
     * provider of another kind from the same settings (for a keyring wrapped by another provider, or the key file
     * of an earlier build).
     *
     * @throws RootKeyProvider.WrongRootKeyException if the root key is not the keyring's (a wrong passphrase)
     * @throws Barrier.BarrierException if the keyring does not open under the root key
     */
    public static RootOfTrust open(
            Store backing,
            RootKeyProvider configured,
            Function<String, RootKeyProvider> providers,
            SecureRandom random) {
        Optional<KeyringRecord> stored = KeyringRecord.read(backing);
        if (stored.isPresent() && stored.get().rootOfTrust().equals(configured.kind())) {
            KeyringRecord rec = stored.get();
            RootKey root = configured.open(rec.parameters());
            try {
                Keyring k = openKeyring(rec, root, configured);
                return new RootOfTrust(backing, configured, random, new Barrier(k, random), root, rec);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
        }
        Keyring previous;
        long version;
        String from;
        if (stored.isPresent()) {
            KeyringRecord rec = stored.get();
            RootKeyProvider old = providers.apply(rec.rootOfTrust());
            try (RootKey oldRoot = old.open(rec.parameters())) {
                previous = openKeyring(rec, oldRoot, old);
            }
            version = rec.version();
            from = old.describe();
        } else if (hasRecords(backing)) {
            RootKeyProvider file = configured.kind().equals("file") ? configured : providers.apply("file");
            if (!(file instanceof KeyFileRootKeyProvider kf)) throw new IllegalStateException("no key file provider");
            previous = Keyring.legacy(kf.rootKey());
            if (configured == file) {
                return new RootOfTrust(backing, configured, random, new Barrier(previous, random), null, null);
            }
            version = 0;
            from = file.describe();
        } else {
            RootKey root = configured.open(Map.of());
            Keyring k = Keyring.create(random);
            try {
                KeyringRecord rec =
                        KeyringRecord.wrap(configured.kind(), root, k).store(backing, 0);
                LOG.info("Created the barrier keyring, wrapped by the root key: {}", configured.describe());
                return new RootOfTrust(backing, configured, random, new Barrier(k, random), root, rec);
            } catch (RuntimeException e) {
                k.close();
                root.close();
                throw e;
            }
        }
        // another provider's keyring: moved to the configured one as a rotation (a new term, wrapped by it)
        RootKey root = configured.open(Map.of());
        Keyring next = previous.rotating() ? previous.copy() : previous.withNewTerm(random);
        previous.close();
        try {
            KeyringRecord rec =
                    KeyringRecord.wrap(configured.kind(), root, next).store(backing, version);
            LOG.info(
                    "Moved the barrier keyring from {} to {}; re-sealing every record under keyring term {}",
                    from,
                    configured.describe(),
                    next.activeTerm());
            return new RootOfTrust(backing, configured, random, new Barrier(next, random), root, rec);
        } catch (RuntimeException e) {
            next.close();
            root.close();
            throw e;
        }
    }

    private static Keyring openKeyring(KeyringRecord rec, RootKey root, RootKeyProvider p) {
        try {
            return rec.open(root);
        } catch (Barrier.BarrierException e) {
            throw new Barrier.BarrierException("the root key does not open this data directory (its barrier keyring"
                    + " does not open under " + p.describe() + ")");
        }
    }

    private static boolean hasRecords(Store backing) {
        for (Store.Entry e : backing.scan("")) {
            if (!e.key().equals(KeyringRecord.KEY)) return true;
        }
        return false;
    }

    /** The barrier (owned by this object). */
    public Barrier barrier() {
        return barrier;
    }

    /** The barrier alone, for a reader that never rotates: the root key is closed, the caller owns the barrier. */
    public Barrier detachBarrier() {
        if (root != null) root.close();
        return barrier;
    }

    /** Which provider holds the root key. */
    public RootKeyProvider provider() {
        return provider;
    }

    /** Whether a rotation has begun and not finished (records of older terms may remain). */
    public boolean rotating() {
        try (Keyring k = barrier.keyring()) {
            return k.rotating();
        }
    }

    /** The active keyring term. */
    public int activeTerm() {
        return barrier.activeTerm();
    }

    /**
     * Step 1 of a rotation: a new active term, stored. Does nothing when a rotation is under way already (it is
     * finished instead). Returns the active term.
     */
    public int beginRotation() {
        synchronized (rotation) {
            reload();
            try (Keyring current = barrier.keyring()) {
                if (current.rotating()) return current.activeTerm();
                Keyring next = current.withNewTerm(random);
                RootKey wrapping = root != null ? root : provider.open(Map.of());
                store(wrapping, next);
                root = wrapping;
                barrier.update(next);
                LOG.info("Root-key rotation: keyring term {} is active; re-sealing every record", next.activeTerm());
                return next.activeTerm();
            }
        }
    }

    /**
     * Steps 2 and 3 of a rotation: re-seals every record of an older term and drops the old terms. Returns the
     * number of records re-sealed. Safe to call when no rotation is under way (does nothing).
     */
    public int finishRotation(SealedStore store, int batchSize, IntConsumer progress) {
        synchronized (rotation) {
            reload();
            if (!rotating()) return 0;
            int n = store.resealToActiveTerm(batchSize, progress);
            try (Keyring current = barrier.keyring()) {
                Keyring last = current.withoutRetiredTerms();
                store(root, last);
                barrier.update(last);
                LOG.info(
                        "Root-key rotation finished: {} records re-sealed under keyring term {}", n, last.activeTerm());
            }
            return n;
        }
    }

    private void store(RootKey wrapping, Keyring k) {
        synchronized (keyringLock) {
            storeLocked(wrapping, k);
        }
    }

    private void storeLocked(RootKey wrapping, Keyring k) {
        try {
            record = KeyringRecord.wrap(provider.kind(), wrapping, k)
                    .store(backing, record == null ? 0 : record.version());
        } catch (PreconditionFailedException e) {
            throw new StoreException(
                    "the barrier keyring was changed by another node (a rotation there?); try again", e);
        }
    }

    @Override
    public void close() {
        barrier.close();
        if (root != null) root.close();
    }
}
