package dev.trent.core.kms;

/** The typed requests of {@link AliasOperations}. Absent optional members are null. */
public final class AliasRequests {
    private AliasRequests() {}

    public record CreateAlias(String aliasName, String targetKeyId) {}

    public record UpdateAlias(String aliasName, String targetKeyId) {}

    public record DeleteAlias(String aliasName) {}

    public record ListAliases(String keyId, Integer limit, String marker) {}
}
