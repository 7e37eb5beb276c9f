package dev.trent.sdk.materials;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.CommitmentPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request for encryption materials.
 *
 * @param encryptionContext the caller's encryption context
 * @param commitmentPolicy the client's commitment policy
 * @param requestedSuite the suite requested by the caller, or null for the default
 * @param maxPlaintextLength the plaintext length (or its bound), or -1 if unknown
 */
public record EncryptionMaterialsRequest(
        Map<String, String> encryptionContext,
        CommitmentPolicy commitmentPolicy,
        AlgorithmSuite requestedSuite,
        long maxPlaintextLength) {
    public EncryptionMaterialsRequest {
        encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
        Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
    }
}
