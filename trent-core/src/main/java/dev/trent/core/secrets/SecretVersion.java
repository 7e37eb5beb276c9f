package dev.trent.core.secrets;

import java.time.Instant;
import java.util.List;

/**
 * One version of a secret, as stored: never the value itself, but the KMS-encrypted data key ({@code dataKey},
 * base64) and the AES-GCM ciphertext of the value under it ({@code ciphertext}, base64), both bound to the
 * encryption context {@code {"SecretARN": arn, "SecretVersionId": id}}; whether the value was a SecretBinary; and its
 * staging labels (a version without any is deprecated).
 */
public record SecretVersion(
        String versionId, List<String> stages, Instant created, String dataKey, String ciphertext, boolean binary) {
    public SecretVersion {
        stages = List.copyOf(stages);
    }

    public SecretVersion withStages(List<String> s) {
        return new SecretVersion(versionId, s, created, dataKey, ciphertext, binary);
    }
}
