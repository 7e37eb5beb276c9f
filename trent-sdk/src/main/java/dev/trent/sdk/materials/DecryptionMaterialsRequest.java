package dev.trent.sdk.materials;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.CommitmentPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request for decryption materials.
 *
 * @param algorithmSuite the suite from the message header
 * @param encryptedDataKeys the encrypted data keys from the message header
 * @param encryptionContext the encryption context stored in the message header
 * @param reproducedEncryptionContext the encryption context the caller expects (may be empty)
 * @param commitmentPolicy the client's commitment policy
 */
public record DecryptionMaterialsRequest(
        AlgorithmSuite algorithmSuite,
        List<EncryptedDataKey> encryptedDataKeys,
        Map<String, String> encryptionContext,
        Map<String, String> reproducedEncryptionContext,
        CommitmentPolicy commitmentPolicy) {
    public DecryptionMaterialsRequest {
        Objects.requireNonNull(algorithmSuite, "algorithmSuite");
        encryptedDataKeys = List.copyOf(encryptedDataKeys);
        encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
        reproducedEncryptionContext = reproducedEncryptionContext == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(reproducedEncryptionContext));
        Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
    }
}
