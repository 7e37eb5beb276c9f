package dev.trent.sdk.materials;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.internal.Bytes;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Materials for decrypting one message. {@link #withPlaintextDataKey} returns a modified copy. */
public final class DecryptionMaterials {
    private final AlgorithmSuite suite;
    private final Map<String, String> encryptionContext;
    private final byte[] plaintextDataKey;
    private final PublicKey verificationKey;

    private DecryptionMaterials(AlgorithmSuite suite, Map<String, String> ec, byte[] key, PublicKey verificationKey) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(ec));
        this.plaintextDataKey = key;
        this.verificationKey = verificationKey;
        if (key != null && key.length != suite.dataKeyLength()) {
            throw new IllegalArgumentException("Plaintext data key length " + key.length + " does not match suite "
                    + suite + " (" + suite.dataKeyLength() + ")");
        }
    }

    public static DecryptionMaterials create(
            AlgorithmSuite suite, Map<String, String> encryptionContext, PublicKey verificationKey) {
        return new DecryptionMaterials(suite, encryptionContext, null, verificationKey);
    }

    public AlgorithmSuite algorithmSuite() {
        return suite;
    }

    public Map<String, String> encryptionContext() {
        return encryptionContext;
    }

    public boolean hasPlaintextDataKey() {
        return plaintextDataKey != null;
    }

    /** The plaintext data key itself (not a copy). */
    public byte[] plaintextDataKey() {
        return plaintextDataKey;
    }

    public PublicKey verificationKey() {
        return verificationKey;
    }

    public DecryptionMaterials withPlaintextDataKey(byte[] key) {
        if (plaintextDataKey != null) {
            throw new IllegalStateException("Decryption materials already have a plaintext data key");
        }
        return new DecryptionMaterials(suite, encryptionContext, key, verificationKey);
    }

    /** A deep copy with its own copy of the plaintext data key. */
    public DecryptionMaterials copy() {
        return new DecryptionMaterials(
                suite, encryptionContext, plaintextDataKey == null ? null : plaintextDataKey.clone(), verificationKey);
    }

    public void destroy() {
        Bytes.zero(plaintextDataKey);
    }

    @Override
    public String toString() {
        return "DecryptionMaterials[" + suite + "]";
    }
}
