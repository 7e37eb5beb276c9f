package dev.trent.core.iam;

import java.time.Instant;

/**
 * An access key: the id callers put in their SigV4 credential scope, the secret they sign with (held in
 * memory for verification; at rest it is sealed by the barrier), and the principal it authenticates.
 */
public record AccessKey(
        String accessKeyId,
        String secretAccessKey,
        String accountId,
        String principalArn,
        boolean active,
        Instant createdAt) {
    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", " + principalArn + ", active=" + active + "]";
    }
}
