package dev.trent.core.kms;

import java.util.Objects;

/** Where a key lives: its account, its Region and its id. A multi-Region id has one address per Region. */
public record KeyAddress(String accountId, String region, KeyId id) {
    public KeyAddress {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(id, "id");
    }
}
