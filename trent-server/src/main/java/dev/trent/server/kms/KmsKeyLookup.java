package dev.trent.server.kms;

import dev.trent.core.kms.Alias;
import dev.trent.core.kms.AliasAddress;
import dev.trent.core.kms.KeyAddress;
import dev.trent.core.kms.KeyEntry;
import dev.trent.core.kms.KeyId;
import dev.trent.core.kms.KeyRegistry;

/**
 * Finds the key a request names (key id, key ARN, alias name or alias ARN) in the key registry's view, without
 * authorization and without errors: for bookkeeping that must not change what the request does (which quota it
 * draws from, which key the access log names). The operation itself resolves keys with AWS's rules and messages.
 */
public final class KmsKeyLookup {
    private final KeyRegistry registry;

    public KmsKeyLookup(KeyRegistry registry) {
        this.registry = registry;
    }

    /** The key {@code ref} names for a caller of {@code account} in {@code region}, or null. */
    public KeyEntry find(String account, String region, String ref) {
        if (ref == null || ref.isEmpty()) return null;
        String resource = ref;
        if (ref.startsWith("arn:")) {
            String[] parts = ref.split(":", 6);
            if (parts.length != 6 || !parts[3].equals(region) || parts[4].isEmpty()) return null;
            account = parts[4];
            resource = parts[5].startsWith("key/") ? parts[5].substring(4) : parts[5];
        }
        if (resource.startsWith("alias/")) {
            Alias a = registry.alias(new AliasAddress(account, region, resource));
            return a == null ? null : registry.entry(a.targetAddress());
        }
        KeyId id = KeyId.tryParse(resource);
        return id == null ? null : registry.entry(new KeyAddress(account, region, id));
    }
}
