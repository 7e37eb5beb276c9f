package dev.trent.sdk.materials;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.internal.Bytes;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Materials for encrypting one message. The {@code with...} methods return modified copies; the plaintext data
 * key array is shared between copies, and {@link #destroy()} zeroes it.
 */
public final class EncryptionMaterials {
    private final AlgorithmSuite suite;
    private final Map<String, String> encryptionContext;
    private final List<EncryptedDataKey> encryptedDataKeys;
    private final byte[] plaintextDataKey;
    private final PrivateKey signingKey;

    private EncryptionMaterials(
            AlgorithmSuite suite,
            Map<String, String> ec,
            List<EncryptedDataKey> edks,
            byte[] plaintextDataKey,
            PrivateKey signingKey) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(ec));
        this.encryptedDataKeys = List.copyOf(edks);
        this.plaintextDataKey = plaintextDataKey;
        this.signingKey = signingKey;
        if (plaintextDataKey != null && plaintextDataKey.length != suite.dataKeyLength()) {
            throw new IllegalArgumentException("Plaintext data key length " + plaintextDataKey.length
                    + " does not match suite " + suite + " (" + suite.dataKeyLength() + ")");
        }
        if (suite.isSigned() != (signingKey != null)) {
            throw new IllegalArgumentException(
                    suite.isSigned()
                            ? "Signed suite requires a signing key"
                            : "Unsigned suite must not have a signing key");
        }
    }

    public static EncryptionMaterials create(
            AlgorithmSuite suite, Map<String, String> encryptionContext, PrivateKey signingKey) {
        return new EncryptionMaterials(suite, encryptionContext, List.of(), null, signingKey);
    }

    public AlgorithmSuite algorithmSuite() {
        return suite;
    }

    /** The full encryption context, including {@code aws-crypto-public-key} for signed suites. */
    public Map<String, String> encryptionContext() {
        return encryptionContext;
    }

    public List<EncryptedDataKey> encryptedDataKeys() {
        return encryptedDataKeys;
    }

    public boolean hasPlaintextDataKey() {
        return plaintextDataKey != null;
    }

    /** The plaintext data key itself (not a copy): do not modify it, and do not keep it past the message. */
    public byte[] plaintextDataKey() {
        return plaintextDataKey;
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    /** A copy holding this data key. Fails if a data key is already set. */
    public EncryptionMaterials withPlaintextDataKey(byte[] key) {
        if (plaintextDataKey != null) {
            throw new IllegalStateException("Encryption materials already have a plaintext data key");
        }
        return new EncryptionMaterials(suite, encryptionContext, encryptedDataKeys, key, signingKey);
    }

    /** A copy with one more encrypted data key. */
    public EncryptionMaterials withEncryptedDataKey(EncryptedDataKey edk) {
        List<EncryptedDataKey> list = new ArrayList<>(encryptedDataKeys);
        list.add(Objects.requireNonNull(edk));
        return new EncryptionMaterials(suite, encryptionContext, list, plaintextDataKey, signingKey);
    }

    /** A deep copy with its own copy of the plaintext data key. */
    public EncryptionMaterials copy() {
        return new EncryptionMaterials(
                suite,
                encryptionContext,
                encryptedDataKeys,
                plaintextDataKey == null ? null : plaintextDataKey.clone(),
                signingKey);
    }

    /** Zeroes the plaintext data key. */
    public void destroy() {
        Bytes.zero(plaintextDataKey);
    }

    @Override
    public String toString() {
        return "EncryptionMaterials[" + suite + ", " + encryptedDataKeys.size() + " EDKs]";
    }
}
