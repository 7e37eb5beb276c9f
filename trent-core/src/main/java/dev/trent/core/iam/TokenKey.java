package dev.trent.core.iam;

import dev.trent.crypto.AesGcm;
import dev.trent.crypto.SecretBytes;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * A key that encrypts and authenticates session tokens ({@code iam/sts/token-keys/<id>}, sealed by the barrier like
 * every record). Its AES-256-GCM instance is made once, when the record is written or loaded.
 */
final class TokenKey {
    private final String keyId;
    private final byte[] key;
    private final Instant createdAt;
    private final AesGcm aead;

    TokenKey(String keyId, byte[] key, Instant createdAt, SecureRandom random) {
        if (key.length != 32) throw new IllegalArgumentException("a token key is 32 bytes");
        this.keyId = keyId;
        this.key = key.clone();
        this.createdAt = createdAt;
        this.aead = new AesGcm(SecretBytes.copyOf(key), random);
    }

    String keyId() {
        return keyId;
    }

    /** The key bytes, for the record only. */
    byte[] keyBytes() {
        return key.clone();
    }

    Instant createdAt() {
        return createdAt;
    }

    AesGcm aead() {
        return aead;
    }

    @Override
    public String toString() {
        return "TokenKey[" + keyId + ", created " + createdAt + "]";
    }
}
