package dev.trent.server;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.KeyFileRootKeyProvider;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Trent data directory opened with its root key: the configured store behind the barrier ({@link SealedStore}).
 * Shared by the server, which creates what is missing, and the {@code trent admin} commands, which open only what
 * exists, whether a server runs on the directory or not.
 *
 * <p>The admin side never takes the server's {@code trent.lock} and never creates or upgrades the store: a second
 * connection to the database is safe beside a running server (SQLite's WAL; every batch takes the write lock before
 * it allocates its revision, so revisions stay unique across processes), but changing its schema under a running
 * server is not. An older schema is refused with a line saying to start the server once, which upgrades it.
 */
public final class DataDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    /** The root key file in the data directory (32 random bytes, mode 0600). */
    public static final String ROOT_KEY_FILE = "root.key";

    private final Path dir;
    private final Store store;
    private final Barrier barrier;

    private DataDirectory(Path dir, Store store, Barrier barrier) {
        this.dir = dir;
        this.store = store;
        this.barrier = barrier;
    }

    /**
     * Opens an existing data directory for an administrative command, beside a running server or not: nothing is
     * created, no schema is upgraded, and the server's lock is left alone.
     *
     * @param storeLocation the server's store setting ({@code sqlite} by default)
     * @throws NotADataDirectoryException if {@code dir} is missing or holds no root key or no Trent data
     * @throws Barrier.BarrierException if the root key does not open the store
     * @throws dev.trent.core.barrier.RollbackDetectedException if the store went back to an older state (the
     *     server accepts a deliberate restore, {@code --accept-restore}; an admin command never does)
     * @throws dev.trent.core.store.StoreException if the store cannot be opened as it is (e.g. an older schema)
     */
    public static DataDirectory open(Path dir, String storeLocation, SecureRandom random) {
        return open(dir, storeLocation, null, random);
    }

    /** Like {@link #open(Path, String, SecureRandom)}, with the root key in {@code rootKey} (null: in the directory). */
    public static DataDirectory open(Path dir, String storeLocation, Path rootKey, SecureRandom random) {
        Path d = dir.toAbsolutePath().normalize();
        String hint = ": pass --data-dir naming the data directory of the Trent server (default ./trent-data)";
        if (!Files.isDirectory(d)) throw new NotADataDirectoryException("there is no data directory " + d + hint);
        Path rootKeyFile = rootKey != null ? rootKey.toAbsolutePath() : d.resolve(ROOT_KEY_FILE);
        if (!Files.isRegularFile(rootKeyFile)) {
            throw new NotADataDirectoryException(
                    rootKey != null
                            ? "there is no root key " + rootKeyFile + ": check --root-key-file"
                            : d + " is not a Trent data directory (there is no " + ROOT_KEY_FILE + " in it)" + hint);
        }
        Store backing = StoreProvider.openStore(storeLocation, d, false);
        try {
            if (backing.revision() == 0) {
                throw new NotADataDirectoryException("the store '" + StoreProvider.redact(storeLocation) + "' of " + d
                        + " holds no Trent data yet: start the Trent server on it once, or pass the --store"
                        + " the server uses");
            }
            Barrier barrier = dev.trent.core.barrier.RootOfTrust.open(
                            backing,
                            new KeyFileRootKeyProvider(rootKeyFile, random),
                            kind -> {
                                throw new NotADataDirectoryException(
                                        "the root key of " + d + " is held by --root-of-trust "
                                                + kind + "; administrative commands open data directories of"
                                                + " --root-of-trust file only");
                            },
                            random)
                    .detachBarrier();
            try {
                return new DataDirectory(
                        d,
                        new SealedStore(
                                backing,
                                barrier,
                                new SealedStore.Options(d.resolve(SealedStore.HIGH_WATER_FILE), false, false)),
                        barrier);
            } catch (dev.trent.core.barrier.RollbackDetectedException e) {
                barrier.close();
                throw new dev.trent.core.barrier.RollbackDetectedException("rollback detected: " + e.getMessage()
                        + ". If the data was restored on purpose, start the server once with --accept-restore (see"
                        + " Backups and restores in docs/operations.md)");
            } catch (RuntimeException e) {
                barrier.close();
                throw e;
            }
        } catch (RuntimeException e) {
            backing.close();
            throw e;
        }
    }

    /** The data directory (absolute). */
    public Path path() {
        return dir;
    }

    /** The sealed store. */
    public Store store() {
        return store;
    }

    /** Closes the store and wipes the root key from memory. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            barrier.close();
        }
    }

    /** The directory given is not (yet) a Trent data directory: a mistake in the command line, not a failure. */
    public static final class NotADataDirectoryException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotADataDirectoryException(String message) {
            super(message);
        }
    }
}
