package dev.trent.core.barrier;

import dev.trent.crypto.AesGcm;
import dev.trent.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;

/** A root key whose 32 bytes are in memory (from a key file or a passphrase); destroyed on close. */
final class MemoryRootKey implements RootKey {
    private final SecretBytes key;
    private final AesGcm aead;
    private final Map<String, String> parameters;

    MemoryRootKey(SecretBytes key, SecureRandom random, Map<String, String> parameters) {
        if (key.length() != 32) throw new IllegalArgumentException("a root key is 32 bytes");
        this.key = key;
        this.aead = new AesGcm(key, random);
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public byte[] wrap(byte[] plaintext, byte[] aad) {
        try {
            return aead.encrypt(plaintext, aad);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapping the keyring failed", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] aad) {
        try {
            return aead.decrypt(wrapped, aad);
        } catch (GeneralSecurityException e) {
            throw new Barrier.BarrierException("the keyring does not open under this root key");
        }
    }

    @Override
    public void close() {
        key.destroy();
    }
}
