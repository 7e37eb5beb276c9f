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

/**
 * Turns a signed HTTP request into a {@link Caller}: SigV4 against the access keys Trent stores. In dev mode
 * (loopback only) an access key Trent does not know is accepted without checking its signature and acts as the
 * root of the configured dev account, so the {@code test}/{@code test} credentials of local emulators work.
 */
final class Authenticator implements Stages.Authentication {
    private final IdentityStore identities;
    /** One verifier for every service: each request is checked against its service's signing name. */
    private final SigV4Verifier verifier;

    private final boolean dev;
    private final String devAccount;
    /** The UTF-8 secret of each access key, so verification allocates nothing per request. */
    private final java.util.concurrent.ConcurrentHashMap<AccessKey, SecretLookup.Known> secrets =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @param regions the regions a credential may be scoped to (the AWS regions and any private ones) */
    Authenticator(IdentityStore identities, Clock clock, boolean dev, String devAccount, Regions regions) {
        this.identities = identities;
        this.dev = dev;
        this.devAccount = devAccount;
        SecretLookup lookup = accessKeyId -> {
            Optional<AccessKey> k = identities.accessKey(accessKeyId);
            if (k.isPresent() && k.get().active()) {
                return secrets.computeIfAbsent(
                        k.get(),
                        key -> new SecretLookup.Known(key.secretAccessKey().getBytes(StandardCharsets.UTF_8)));
            }
            return dev ? new SecretLookup.TrustUnsigned() : new SecretLookup.Unknown();
        };
        this.verifier = new SigV4Verifier(lookup, clock, SigV4Verifier.DEFAULT_CACHE_CAPACITY, regions);
    }

    @Override
    public Caller authenticate(Exchange exchange, ServiceDefinition service) throws AuthException {
        List<Map.Entry<String, String>> entries = exchange.headers().entries();
        VerifiedCaller v = verifier.verify(
                new SignedRequest(exchange.method(), exchange.path(), exchange.query(), entries, exchange.body()),
                service.signingName());
        Optional<AccessKey> key = identities.accessKey(v.accessKeyId());
        if (key.isPresent() && key.get().active()) {
            AccessKey k = key.get();
            return new Caller(k.accountId(), v.region(), k.principalArn(), k.accessKeyId());
        }
        if (dev) {
            return new Caller(devAccount, v.region(), "arn:aws:iam::" + devAccount + ":root", v.accessKeyId());
        }
        throw new AuthException(
                AuthException.UNRECOGNIZED_CLIENT, 400, "The security token included in the request is invalid.");
    }
}
