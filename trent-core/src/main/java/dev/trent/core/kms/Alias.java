package dev.trent.core.kms;

import java.time.Instant;
import java.util.UUID;

/** An alias: a friendly name for a key, scoped to an account and region. */
public record Alias(
        String accountId, String region, String name, UUID targetKeyId, Instant creationDate, Instant lastUpdatedDate) {
    public String arn(String partition) {
        return "arn:" + partition + ":kms:" + region + ":" + accountId + ":" + name;
    }
}
