package dev.trent.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A key pair parsed once from its stored form (PKCS#8 parsing costs more than an ECDSA signature), kept per key
 * material version by the caller. Holds JCA key objects, which cannot be zeroed: keep it no longer than the material.
 */
public final class LoadedKeyPair {
    private final KeyPairKind kind;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private volatile Object lightweight;

    LoadedKeyPair(KeyPairKind kind, PrivateKey privateKey, PublicKey publicKey) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    public KeyPairKind kind() {
        return kind;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** A BouncyCastle lightweight form of the pair, made once by {@code make} (e.g. ML-DSA parameters). */
    @SuppressWarnings("unchecked")
    <T> T lightweight(java.util.function.Supplier<T> make) {
        Object l = lightweight;
        if (l == null) {
            l = make.get();
            lightweight = l;
        }
        return (T) l;
    }

    /** Redacted. */
    @Override
    public String toString() {
        return "LoadedKeyPair[" + kind + "]";
    }
}
