package dev.trent.server;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.KeyringRecord;
import dev.trent.core.barrier.RootOfTrust;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * {@code trent rotate-root-key}: rotates the root key of a data directory from outside the server, beside it or
 * not. The rotation is {@link RootOfTrust}'s; a running server on the same store follows it: its next write finds
 * the store's marker moved and re-reads the keyring, and a value of a term it lacks makes it re-read the keyring.
 */
public final class RootKeyRotation {
    private RootKeyRotation() {}

    /** Rotates; returns the number of records re-sealed. Failures an operator can fix are one line. */
    public static int run(ServerConfig config, SecureRandom random) {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new StartupException("there is no data directory " + dir);
        Store backing = StoreProvider.openStore(config.store(), dir, false);
        try {
            if (backing.revision() == 0) throw new StartupException("the data directory " + dir + " holds no data yet");
            String kind =
                    KeyringRecord.read(backing).map(KeyringRecord::rootOfTrust).orElse("file");
            if (!kind.equals(config.rootOfTrust())) {
                throw new StartupException("the data directory's root key is held by --root-of-trust " + kind
                        + ", not " + config.rootOfTrust() + "; give the server's root-of-trust settings (moving to"
                        + " another one is done by starting the server with it)");
            }
            RootKeys roots = new RootKeys(config, random, System::getenv);
            try (RootOfTrust rot = RootOfTrust.open(
                    backing,
                    roots.provider(kind),
                    k -> {
                        throw new StartupException("unexpected root of trust " + k);
                    },
                    random)) {
                SealedStore sealed = new SealedStore(
                        backing,
                        rot.barrier(),
                        new SealedStore.Options(dir.resolve(SealedStore.HIGH_WATER_FILE), false, false));
                rot.beginRotation();
                int n = rot.finishRotation(sealed, RootOfTrust.DEFAULT_BATCH, done -> {});
                sealed.flushHighWater();
                return n;
            } catch (Barrier.BarrierException | dev.trent.crypto.Pkcs11Token.Pkcs11Exception e) {
                throw new StartupException(e.getMessage(), e);
            }
        } finally {
            backing.close();
        }
    }
}
