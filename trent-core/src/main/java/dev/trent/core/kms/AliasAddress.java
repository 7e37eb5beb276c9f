package dev.trent.core.kms;

import java.util.Objects;

/** Where an alias lives: its account, its Region and its name ({@code alias/...}). */
public record AliasAddress(String accountId, String region, String name) {
    public AliasAddress {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(name, "name");
    }
}
