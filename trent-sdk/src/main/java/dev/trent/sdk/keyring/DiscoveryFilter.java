package dev.trent.sdk.keyring;

import java.util.Objects;
import java.util.Set;

/** Limits a discovery keyring to KMS keys of one partition and a set of accounts. */
public record DiscoveryFilter(String partition, Set<String> accounts) {
    public DiscoveryFilter {
        Objects.requireNonNull(partition, "partition");
        accounts = Set.copyOf(accounts);
        if (partition.isBlank() || accounts.isEmpty() || accounts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("A discovery filter needs a partition and at least one account");
        }
    }

    public boolean matches(KmsArn arn) {
        return partition.equals(arn.partition()) && accounts.contains(arn.account());
    }
}
