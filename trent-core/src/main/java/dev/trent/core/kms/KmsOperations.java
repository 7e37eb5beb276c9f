package dev.trent.core.kms;

import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The KMS key operations over one {@link KeyRegistry}, by area. Closing it stops the registry's refreshing.
 */
public record KmsOperations(
        KeyRegistry registry,
        KeyLifecycle lifecycle,
        KeyCryptography cryptography,
        AliasOperations aliases,
        TagsAndPolicies tagsAndPolicies,
        PublicKeys publicKeys,
        KeySigning signing,
        KeyMacs macs,
        KeyAgreements agreements,
        DataKeyPairs dataKeyPairs)
        implements AutoCloseable {

    /** Loads the registry from {@code store} and wires the operations to it (no background refreshing). */
    public static KmsOperations create(Store store, Authorizer authorizer, Clock clock, SecureRandom random) {
        KeyRegistry registry = new KeyRegistry(store, authorizer);
        KeyCryptography cryptography = new KeyCryptography(registry, random);
        return new KmsOperations(
                registry,
                new KeyLifecycle(registry, clock, random),
                cryptography,
                new AliasOperations(registry, clock),
                new TagsAndPolicies(registry),
                new PublicKeys(registry),
                new KeySigning(registry, random),
                new KeyMacs(registry),
                new KeyAgreements(registry),
                new DataKeyPairs(cryptography, random));
    }

    @Override
    public void close() {
        registry.close();
    }
}
