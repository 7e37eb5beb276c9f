package dev.trent.server;

import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.server.auth.AuthException;
import dev.trent.server.auth.SigV4HeaderCheck;
import dev.trent.server.auth.SignedRequest;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.pipeline.Stages;
import java.util.Optional;

/**
 * The pre-authentication budget: what can be checked of a request's signature before its body is read. The
 * SigV4 head checks ({@link SigV4HeaderCheck}: the Authorization header or presigned query, the date within the
 * SigV4 window, the signed headers, the algorithm, the credential scope with its region and the signing name of the
 * service addressed), then whether the access key could authenticate at all ({@link AccessKeys}). A request that
 * fails here gets exactly the error the full authentication would give it (the same code runs there first), without
 * a byte of its body being buffered; one that passes may still fail on its signature once the body is in.
 *
 * <p>The service addressed is found by the pipeline's own decode stage ({@code Pipeline.screen}) before this runs,
 * so an unknown target or method gets its usual error too, and the credential scope is checked against that
 * service's signing name.
 *
 * <p>Depends on nothing of the {@code Authenticator}: the access keys come in as a predicate.
 */
final class PreAuthCheck implements Stages.PreAuthentication {

    /**
     * Whether an access key id could authenticate. Must answer {@code true} for every key the authenticator might
     * accept (a false {@code false} would refuse a valid request), and may answer {@code true} for keys it will
     * refuse (they are refused once the body is in). Must be fast: an in-memory lookup.
     */
    @FunctionalInterface
    interface AccessKeys {
        boolean mayAuthenticate(String accessKeyId);
    }

    private final SigV4HeaderCheck head;
    private final AccessKeys keys;

    PreAuthCheck(SigV4HeaderCheck head, AccessKeys keys) {
        this.head = head;
        this.keys = keys;
    }

    /**
     * The access keys of {@code identities} as the authenticator takes them: a key the store knows passes when it
     * is active (in dev mode too: dev mode refuses a key it knows as inactive). A key the store does not know passes
     * in dev mode (any key is accepted there) and when it is a temporary credential ({@code ASIA...}, sent with
     * {@code X-Amz-Security-Token}): those are issued by STS sessions that this predicate does not look into, and
     * are checked in full once the body is in.
     */
    static AccessKeys of(IdentityStore identities, boolean dev) {
        return id -> {
            Optional<AccessKey> key = identities.accessKey(id);
            if (key.isPresent()) return key.get().active();
            return dev || id.startsWith("ASIA");
        };
    }

    @Override
    public void screen(Exchange request, ServiceDefinition service) throws AuthException {
        String accessKeyId = head.accessKeyId(
                new SignedRequest(
                        request.method(),
                        request.path(),
                        request.query(),
                        request.headers().entries(),
                        null),
                service.signingName(),
                service.signingRules());
        if (!keys.mayAuthenticate(accessKeyId)) throw AuthException.unrecognizedClient();
    }
}
