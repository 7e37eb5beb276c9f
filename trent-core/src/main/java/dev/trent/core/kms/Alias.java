package dev.trent.core.kms;

import java.time.Instant;

/** An alias: a friendly name for a key, scoped to an account and region; its key is in the same scope. */
public record Alias(
        String accountId,
        String region,
        String name,
        KeyId targetKeyId,
        Instant creationDate,
        Instant lastUpdatedDate) {
    public String arn(String partition) {
        return "arn:" + partition + ":kms:" + region + ":" + accountId + ":" + name;
    }

    public AliasAddress address() {
        return new AliasAddress(accountId, region, name);
    }

    /** The address of the key this alias names. */
    public KeyAddress targetAddress() {
        return new KeyAddress(accountId, region, targetKeyId);
    }
}
