package dev.trent.server.auth;

import java.time.Clock;
import java.util.Objects;

/**
 * The checks of {@link SigV4Verifier#verify} that need only the request head (method, path, query, headers), not its
 * body: the signature claim's syntax, the date window, the signed headers, the algorithm and the credential scope
 * (steps 1 to 5 of the verifier's order, with the same errors, since the verifier runs exactly this code first).
 * What is left for the verifier is the access key, the payload hash and the signature itself.
 *
 * <p>The server runs these before it reads a request body ({@code PreAuthCheck}), so a request that cannot be
 * valid is answered with its authentication error without buffering a byte of its body.
 *
 * <p>Thread-safe. Never logs.
 */
public final class SigV4HeaderCheck {
    private final Regions regions;
    private final TimeWindow timeWindow;

    /**
     * @param clock   the server clock for the ±15 minute window
     * @param regions the regions a credential may be scoped to
     */
    public SigV4HeaderCheck(Clock clock, Regions regions) {
        this.regions = Objects.requireNonNull(regions, "regions");
        this.timeWindow = new TimeWindow(clock);
    }

    /**
     * Runs the head checks for a request to the service whose signing name is {@code service}.
     *
     * @param request the request; its body is not read
     * @return the access key id the credential names (not yet looked up)
     * @throws AuthException the error {@link SigV4Verifier#verify} gives the same request
     */
    public String accessKeyId(SignedRequest request, String service, SigningRules rules) throws AuthException {
        return check(request, service, rules).scope().accessKeyId();
    }

    /** What the head checks established, for the verifier to go on with. */
    record Checked(SignatureClaim claim, long signedAt, String[] signedLower, CredentialScope scope) {}

    Checked check(SignedRequest request, String service, SigningRules rules) throws AuthException {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(rules, "rules");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        SignatureClaim claim = SignatureClaim.parse(request);
        long signedAt = timeWindow.check(claim.date(), claim.expires(), rules.maxPresignedSeconds());
        String[] signedLower = SignedHeaders.check(claim, request, rules);
        if (!SigV4Verifier.ALGORITHM.equals(claim.algorithm())) {
            throw AuthException.incomplete(
                    "Unsupported AWS 'algorithm': '" + claim.algorithm() + "' (only AWS4-HMAC-SHA256 for now). ");
        }
        CredentialScope scope = CredentialScope.parse(claim.credential());
        scope.check(service, claim.date(), regions, rules.globalRegions());
        return new Checked(claim, signedAt, signedLower, scope);
    }
}
