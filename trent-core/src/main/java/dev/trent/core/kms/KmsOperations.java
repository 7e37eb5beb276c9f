package dev.trent.core.kms;

import dev.trent.core.auth.Authorizer;
import dev.trent.core.auth.GrantAccess;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Function;

/**
 * The KMS key operations over one {@link KeyRegistry} (and the {@link GrantRegistry} of the keys' grants), by
 * area. Closing it stops the registries' refreshing.
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
        DataKeyPairs dataKeyPairs,
        Grants grants)
        implements AutoCloseable {

    /** Loads the registry from {@code store} and wires the operations to it (no background refreshing). */
    public static KmsOperations create(Store store, Authorizer authorizer, Clock clock, SecureRandom random) {
        return create(store, grants -> authorizer, GrantPrincipals.SYNTAX_ONLY, clock, random);
    }

    /**
     * As {@link #create(Store, Authorizer, Clock, SecureRandom)}, with an authorizer made from the grants' {@link
     * GrantAccess} (the authorizer needs the grants; the operations need the authorizer).
     */
    public static KmsOperations create(
            Store store, Function<GrantAccess, Authorizer> authorizerFactory, Clock clock, SecureRandom random) {
        return create(store, authorizerFactory, GrantPrincipals.SYNTAX_ONLY, clock, random);
    }

    /**
     * As {@link #create(Store, Function, Clock, SecureRandom)}, with {@code principals} deciding which grantee
     * and retiring principals CreateGrant accepts.
     */
    public static KmsOperations create(
            Store store,
            Function<GrantAccess, Authorizer> authorizerFactory,
            GrantPrincipals principals,
            Clock clock,
            SecureRandom random) {
        GrantRegistry grantRegistry = new GrantRegistry(store, random);
        GrantDecisions grantAccess = new GrantDecisions(grantRegistry);
        Authorizer authorizer = authorizerFactory.apply(grantAccess);
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
                new DataKeyPairs(cryptography, random),
                new Grants(registry, grantRegistry, grantAccess, authorizer, principals, clock, random));
    }

    @Override
    public void close() {
        registry.close();
        grants.registry().close();
    }
}
