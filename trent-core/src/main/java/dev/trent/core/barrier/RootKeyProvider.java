package dev.trent.core.barrier;

import dev.trent.crypto.SecretBytes;

/**
 * Where the barrier's root key comes from: a key file (development), a passphrase, or an HSM.
 * Implementations return a fresh copy that the caller owns and destroys.
 */
public interface RootKeyProvider {
    /** A short description for logs, never containing secrets (e.g. "key file /var/lib/trent/root.key"). */
    String describe();

    /** The 32-byte root key. */
    SecretBytes rootKey();
}
