package dev.trent.core.ssm;

import java.time.Instant;
import java.util.List;

/**
 * One version of a parameter, as stored. For a {@code SecureString} the value is never plaintext: {@code value} is
 * the base64 KMS ciphertext (Standard tier: KMS Encrypt of the value; Advanced tier: the KMS-encrypted data key)
 * and {@code sealed} the base64 AES-GCM ciphertext of the value under that data key (Advanced only, else null).
 *
 * @param labels the labels on this version (at most 10)
 * @param lastModifiedUser the ARN of the identity that wrote it
 */
public record ParameterVersion(
        long version,
        ParameterType type,
        String value,
        String sealed,
        String keyId,
        String description,
        String allowedPattern,
        String tier,
        String dataType,
        List<String> labels,
        Instant lastModified,
        String lastModifiedUser) {

    public ParameterVersion {
        labels = List.copyOf(labels);
    }

    public ParameterVersion withLabels(List<String> newLabels) {
        return new ParameterVersion(
                version,
                type,
                value,
                sealed,
                keyId,
                description,
                allowedPattern,
                tier,
                dataType,
                newLabels,
                lastModified,
                lastModifiedUser);
    }
}
