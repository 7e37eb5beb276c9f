package dev.trent.core.barrier;

import java.util.Map;

/**
 * An opened root key: it wraps and unwraps the barrier's {@link Keyring} and nothing else. Its bytes may live in
 * memory (a key file, a passphrase) or never leave an HSM (PKCS#11).
 */
public interface RootKey extends AutoCloseable {
    /**
     * What must be stored beside the wrapped keyring to open this root key again (a salt and KDF parameters, a key
     * label): never secret.
     */
    Map<String, String> parameters();

    /** Encrypts {@code plaintext} (AES-256-GCM) bound to {@code aad}. */
    byte[] wrap(byte[] plaintext, byte[] aad);

    /**
     * Opens what {@link #wrap} made.
     *
     * @throws Barrier.BarrierException if it was altered or wrapped under another root key
     */
    byte[] unwrap(byte[] wrapped, byte[] aad);

    @Override
    void close();
}
