package dev.trent.server;

import dev.trent.core.Caller;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.server.auth.AuthException;
import dev.trent.server.auth.Regions;
import dev.trent.server.auth.SecretLookup;
import dev.trent.server.auth.SigV4Verifier;
import dev.trent.server.auth.SignedRequest;
import dev.trent.server.auth.VerifiedCaller;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.pipeline.Stages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a signed HTTP request into a {@link Caller}: SigV4 against the access keys Trent stores. An inactive or
 * deleted key stops authenticating as soon as the {@link IdentityStore}'s view has followed the change (within its
 * refresh interval when another process, such as {@code trent admin}, made it). In dev mode (loopback only) an
 * access key Trent does not know is accepted without checking its signature and acts as the root of the configured
 * dev account, so the {@code test}/{@code test} credentials of local emulators work; a key Trent knows as inactive
 * is refused in dev mode too.
 */
final class Authenticator implements Stages.Authentication {
    /** Above this many cached secrets, entries of keys no longer active are dropped. */
    private static final int PRUNE_ABOVE = 4096;

    private final IdentityStore identities;
    /** One verifier for every service: each request is checked against its service's signing name. */
    private final SigV4Verifier verifier;

    private final boolean dev;
    private final String devAccount;

    /** A key's UTF-8 secret, valid while the view still holds this very record of the key. */
    private record CachedSecret(AccessKey key, SecretLookup.Known secret) {}

    /**
     * The UTF-8 secret of each access key by id, so verification allocates nothing per request. An entry is used
     * only while the view holds the same {@link AccessKey} instance it was made from (every change to a key gives
     * the view a new instance), and is dropped when the key is found inactive or gone, so the cache never keeps a
     * deactivated or deleted key alive.
     */
    private final ConcurrentHashMap<String, CachedSecret> secrets = new ConcurrentHashMap<>();

    /** @param regions the regions a credential may be scoped to (the AWS regions and any private ones) */
    Authenticator(IdentityStore identities, Clock clock, boolean dev, String devAccount, Regions regions) {
        this.identities = identities;
        this.dev = dev;
        this.devAccount = devAccount;
        this.verifier = new SigV4Verifier(this::find, clock, SigV4Verifier.DEFAULT_CACHE_CAPACITY, regions);
    }

    /** What SigV4 verification knows of {@code accessKeyId} now. */
    SecretLookup.Result find(String accessKeyId) {
        Optional<AccessKey> k = identities.accessKey(accessKeyId);
        if (k.isEmpty() || !k.get().active()) {
            secrets.remove(accessKeyId);
            return dev && k.isEmpty() ? SecretLookup.trustUnsigned() : SecretLookup.unknown();
        }
        AccessKey key = k.get();
        CachedSecret c = secrets.get(accessKeyId);
        if (c == null || c.key() != key) {
            c = new CachedSecret(
                    key, new SecretLookup.Known(key.secretAccessKey().getBytes(StandardCharsets.UTF_8)));
            secrets.put(accessKeyId, c);
            if (secrets.size() > PRUNE_ABOVE) prune();
        }
        return c.secret();
    }

    /** Drops the secrets of keys that are no longer active (deleted keys nobody presents again). */
    private void prune() {
        secrets.keySet()
                .removeIf(id -> !identities.accessKey(id).map(AccessKey::active).orElse(false));
    }

    /** How many secrets are cached (tests). */
    int cachedSecrets() {
        return secrets.size();
    }

    @Override
    public Caller authenticate(Exchange exchange, ServiceDefinition service) throws AuthException {
        List<Map.Entry<String, String>> entries = exchange.headers().entries();
        VerifiedCaller v = verifier.verify(
                new SignedRequest(exchange.method(), exchange.path(), exchange.query(), entries, exchange.body()),
                service.signingName(),
                service.signingRules());
        if (v.signatureVerified()) {
            // The key may have been deactivated or deleted since its secret was looked up: check again.
            Optional<AccessKey> key = identities.accessKey(v.accessKeyId());
            if (key.isPresent() && key.get().active()) {
                AccessKey k = key.get();
                return new Caller(k.accountId(), v.region(), k.principalArn(), k.accessKeyId());
            }
        } else if (dev) {
            return new Caller(devAccount, v.region(), IdentityStore.rootArn(devAccount), v.accessKeyId());
        }
        throw new AuthException(
                AuthException.UNRECOGNIZED_CLIENT, 400, "The security token included in the request is invalid.");
    }
}
