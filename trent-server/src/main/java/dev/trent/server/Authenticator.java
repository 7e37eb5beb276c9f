package dev.trent.server;

import dev.trent.core.Caller;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IamUser;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.iam.RoleSession;
import dev.trent.core.iam.RoleSessions;
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
 *
 * <p>The caller is the account's root user, an IAM user (its unique id {@code AIDA...} and ARN), or a role session:
 * temporary credentials ({@code ASIA...}) are known only together with the session token STS issued for them
 * ({@code X-Amz-Security-Token} header, or query parameter of a presigned request), which {@link
 * RoleSessions#open} verifies (authenticated encryption, bound to the access key id, the role still existing). An
 * expired session is refused with {@code ExpiredTokenException} (AWS JSON services; HTTP 400) or {@code ExpiredToken}
 * (Query services; HTTP 403), "The security token included in the request is expired", after its signature is
 * verified (the Query services' error mapping renames it); a session token is never logged.
 */
final class Authenticator implements Stages.Authentication {
    /** Above this many cached secrets, entries of keys no longer active are dropped. */
    private static final int PRUNE_ABOVE = 4096;

    private final IdentityStore identities;
    private final RoleSessions sessions;
    private final Clock clock;
    /** One verifier for every service: each request is checked against its service's signing name. */
    private final SigV4Verifier verifier;

    private final boolean dev;
    private final String devAccount;

    /**
     * A key's UTF-8 secret, valid while the view still holds this very record of the key, and the caller it last
     * authenticated (reused for the next request of the same key in the same region, so the steady state builds no
     * caller and looks up no user).
     */
    private static final class CachedSecret {
        final AccessKey key;
        final SecretLookup.Known secret;
        /** The caller of the last request with this key, or null; racy but always a complete immutable object. */
        volatile Caller caller;

        CachedSecret(AccessKey key, SecretLookup.Known secret) {
            this.key = key;
            this.secret = secret;
        }
    }

    /** A role session's UTF-8 secret, valid while {@link RoleSessions#open} answers this very session. */
    private record CachedSession(RoleSession session, SecretLookup.Known secret) {}

    /** The secrets of role sessions by access key id (bounded: started over when full). */
    private final ConcurrentHashMap<String, CachedSession> sessionSecrets = new ConcurrentHashMap<>();

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
        this.sessions = identities.sessions();
        this.clock = clock;
        this.dev = dev;
        this.devAccount = devAccount;
        SecretLookup lookup = new SecretLookup() {
            @Override
            public Result find(String accessKeyId) {
                return Authenticator.this.find(accessKeyId);
            }

            @Override
            public Result find(String accessKeyId, String securityToken) {
                return Authenticator.this.find(accessKeyId, securityToken);
            }
        };
        this.verifier = new SigV4Verifier(lookup, clock, SigV4Verifier.DEFAULT_CACHE_CAPACITY, regions);
    }

    /** What SigV4 verification knows of {@code accessKeyId}, presented with {@code securityToken} (or null). */
    SecretLookup.Result find(String accessKeyId, String securityToken) {
        if (!isTemporary(accessKeyId)) return find(accessKeyId);
        RoleSession s = sessions.open(accessKeyId, securityToken);
        if (s != null) {
            CachedSession c = sessionSecrets.get(accessKeyId);
            if (c == null || c.session() != s) {
                c = new CachedSession(
                        s, new SecretLookup.Known(s.secretAccessKey().getBytes(StandardCharsets.UTF_8)));
                if (sessionSecrets.size() >= PRUNE_ABOVE) sessionSecrets.clear();
                sessionSecrets.put(accessKeyId, c);
            }
            return c.secret();
        }
        sessionSecrets.remove(accessKeyId);
        return dev && identities.accessKey(accessKeyId).isEmpty()
                ? SecretLookup.trustUnsigned()
                : SecretLookup.unknown();
    }

    /** Temporary credentials: the access key ids STS issues. */
    private static boolean isTemporary(String accessKeyId) {
        return accessKeyId.startsWith("ASIA");
    }

    /** What SigV4 verification knows of the long-term access key {@code accessKeyId} now. */
    SecretLookup.Result find(String accessKeyId) {
        Optional<AccessKey> k = identities.accessKey(accessKeyId);
        if (k.isEmpty() || !k.get().active()) {
            secrets.remove(accessKeyId);
            return dev && k.isEmpty() ? SecretLookup.trustUnsigned() : SecretLookup.unknown();
        }
        AccessKey key = k.get();
        CachedSecret c = secrets.get(accessKeyId);
        if (c == null || c.key != key) {
            c = new CachedSecret(
                    key, new SecretLookup.Known(key.secretAccessKey().getBytes(StandardCharsets.UTF_8)));
            secrets.put(accessKeyId, c);
            if (secrets.size() > PRUNE_ABOVE) prune();
        }
        return c.secret;
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
            if (isTemporary(v.accessKeyId())) return sessionCaller(v);
            // The key may have been deactivated or deleted since its secret was looked up: check again.
            Optional<AccessKey> key = identities.accessKey(v.accessKeyId());
            if (key.isPresent() && key.get().active()) {
                Caller caller = longTermCaller(key.get(), v.region());
                if (caller != null) return caller;
            }
        } else if (dev) {
            return new Caller(devAccount, v.region(), IdentityStore.rootArn(devAccount), v.accessKeyId());
        }
        throw invalidToken();
    }

    /**
     * The root user or IAM user that {@code k} (active, its signature verified) belongs to, in {@code region}; null
     * when its user is gone. The caller is remembered with the key's cached secret: the same record of the key in the
     * same region gives the same caller (a user's id never changes, and IAM deletes a user only once its access keys
     * are gone, which gives the key a new record or none).
     */
    private Caller longTermCaller(AccessKey k, String region) {
        CachedSecret cached = secrets.get(k.accessKeyId());
        Caller c = cached == null || cached.key != k ? null : cached.caller;
        if (c != null && c.region().equals(region)) return c;
        if (IdentityStore.isRootArn(k.principalArn())) {
            c = new Caller(k.accountId(), region, k.principalArn(), k.accessKeyId());
        } else {
            Optional<IamUser> user = identities.userByArn(k.principalArn());
            if (user.isEmpty()) return null;
            c = new Caller(
                    k.accountId(),
                    region,
                    k.principalArn(),
                    k.accessKeyId(),
                    Caller.PrincipalType.IAM_USER,
                    user.get().userId(),
                    k.principalArn(),
                    Map.of());
        }
        if (cached != null && cached.key == k) cached.caller = c;
        return c;
    }

    /** The caller of a role session whose signature was verified: refused once the session has expired. */
    private Caller sessionCaller(VerifiedCaller v) throws AuthException {
        RoleSession s = sessions.open(v.accessKeyId(), v.securityToken());
        if (s == null) throw invalidToken();
        if (s.expired(clock.instant())) {
            // the Query services answer ExpiredToken, 403 (the pipeline's Query error mapping renames it)
            throw new AuthException(
                    "ExpiredTokenException", 400, "The security token included in the request is expired");
        }
        return new Caller(
                s.accountId(),
                v.region(),
                s.assumedRoleArn(),
                s.accessKeyId(),
                Caller.PrincipalType.ASSUMED_ROLE,
                s.assumedRoleId(),
                s.roleArn(),
                s.tags());
    }

    private static AuthException invalidToken() {
        return new AuthException(
                AuthException.UNRECOGNIZED_CLIENT, 400, "The security token included in the request is invalid.");
    }
}
