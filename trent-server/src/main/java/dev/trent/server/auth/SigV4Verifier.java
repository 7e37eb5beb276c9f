package dev.trent.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) on incoming requests, both the {@code Authorization}
 * header form and the presigned query-string form, the way an AWS JSON 1.1 service (KMS) does. One verifier serves
 * every service: the caller names the signing name ({@code kms}, {@code ssm}, ...) the credential must be scoped to.
 *
 * <h2>Checks, in the order AWS applies them</h2>
 * The order (and so which error a request with several faults gets) follows what dynalite/kinesalite recorded
 * from the real AWS JSON services. Each step documents its exact messages.
 * <ol>
 *   <li>{@link SignatureClaim#parse}: a malformed query escape ({@code MalformedQueryString}); header and
 *       presigned query both present ({@code InvalidSignatureException}); neither, or a header not starting with
 *       {@code AWS4-} ({@code MissingAuthenticationTokenException}); header syntax
 *       ({@link AuthorizationHeader}) and missing parts ({@code IncompleteSignatureException}).</li>
 *   <li>{@link TimeWindow}: {@code X-Amz-Expires} and the date format ({@code IncompleteSignatureException}), then
 *       the ±15 minute window or the presigned expiry ({@code InvalidSignatureException}).</li>
 *   <li>{@link SignedHeaders}: {@code host} and the date header must be signed
 *       ({@code InvalidSignatureException}).</li>
 *   <li>Algorithm: {@code IncompleteSignatureException} "Unsupported AWS 'algorithm': '&lt;alg&gt;' (only
 *       AWS4-HMAC-SHA256 for now). "</li>
 *   <li>{@link CredentialScope}: the credential's shape ({@code IncompleteSignatureException}), then region (one
 *       of the {@link Regions} given), service, terminator and date in one {@code InvalidSignatureException}.</li>
 *   <li>Access key: {@link SecretLookup} answers {@code Unknown}: {@code UnrecognizedClientException} "The
 *       security token included in the request is invalid."; {@code TrustUnsigned}: accepted here, unverified.</li>
 *   <li>{@link PayloadHash}: {@code x-amz-content-sha256} against the body ({@code InvalidSignatureException}).</li>
 *   <li>{@link SignatureCheck}: the signature, compared in constant time ({@code InvalidSignatureException}).</li>
 * </ol>
 * Every error is HTTP 400 (see {@link AuthException}). Steps 1 to 5 read only the request head; they are
 * {@link SigV4HeaderCheck}, which the server also runs before it reads a body.
 *
 * <p>Thread-safe. Never logs; messages contain only what the client sent.
 */
public final class SigV4Verifier {

    /** The only algorithm supported. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Allowed difference between the request date and the server clock, both ways. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    /** Upper bound of {@code X-Amz-Expires} (seven days), as for AWS presigned URLs. */
    public static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800;
    /** Default number of cached signing keys. */
    public static final int DEFAULT_CACHE_CAPACITY = 4096;
    /** The {@code x-amz-content-sha256} value that opts out of payload signing. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final SecretLookup lookup;
    private final SigV4HeaderCheck head;
    private final SignatureCheck signatures;

    /** A verifier that accepts credentials scoped to the AWS regions. */
    public SigV4Verifier(SecretLookup lookup, Clock clock) {
        this(lookup, clock, DEFAULT_CACHE_CAPACITY);
    }

    /** A verifier that accepts credentials scoped to the AWS regions. */
    public SigV4Verifier(SecretLookup lookup, Clock clock, int cacheCapacity) {
        this(lookup, clock, cacheCapacity, Regions.aws());
    }

    /**
     * @param lookup        resolves access key ids
     * @param clock         the server clock for the ±15 minute window
     * @param cacheCapacity how many derived signing keys to keep (rounded up to a power of two), over all services
     * @param regions       the regions a credential may be scoped to
     */
    public SigV4Verifier(SecretLookup lookup, Clock clock, int cacheCapacity, Regions regions) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.head = new SigV4HeaderCheck(clock, regions);
        if (cacheCapacity < 2) {
            throw new IllegalArgumentException("cacheCapacity must be at least 2");
        }
        this.signatures = new SignatureCheck(cacheCapacity);
    }

    /**
     * Authenticates a request addressed to one service.
     *
     * @param service the signing name the credential must be scoped to ({@code kms}, later {@code ssm},
     *                {@code iam}, {@code sts}, ...)
     * @return the caller, when the signature is valid (or the key is {@code TrustUnsigned})
     * @throws AuthException with the AWS error code, status and message; see the class documentation
     */
    public VerifiedCaller verify(SignedRequest request, String service) throws AuthException {
        return verify(request, service, SigningRules.GENERIC);
    }

    /**
     * Authenticates a request addressed to one service, with that service's {@link SigningRules} (the pipeline
     * passes {@link SigningRules#AWS_JSON} for the AWS JSON services).
     */
    public VerifiedCaller verify(SignedRequest request, String service, SigningRules rules) throws AuthException {
        SigV4HeaderCheck.Checked checked = head.check(request, service, rules); // steps 1-5: the head only
        SignatureClaim claim = checked.claim();
        CredentialScope scope = checked.scope();
        long signedAt = checked.signedAt();
        String[] signedLower = checked.signedLower();

        byte[] secret;
        switch (lookup.find(scope.accessKeyId(), claim.securityToken())) {
            case SecretLookup.Known k -> secret = k.secretAccessKeyUtf8();
            case SecretLookup.TrustUnsigned t -> {
                return caller(scope, service, claim, signedAt, false);
            }
            case SecretLookup.Unknown u -> throw AuthException.unrecognizedClient();
            case null -> throw AuthException.unrecognizedClient();
        }

        Scratch scratch = Scratch.get();
        try {
            String payloadHash =
                    PayloadHash.check(scratch, request.body(), claim.contentSha256(), rules.unsignedPayloadAllowed());
            signatures.check(scratch, request, claim, signedLower, scope, payloadHash, secret);
        } finally {
            scratch.trim();
        }
        return caller(scope, service, claim, signedAt, true);
    }

    private static VerifiedCaller caller(
            CredentialScope scope, String service, SignatureClaim claim, long signedAt, boolean verified) {
        return new VerifiedCaller(
                scope.accessKeyId(),
                scope.region(),
                service,
                claim.securityToken(),
                Instant.ofEpochSecond(signedAt),
                verified);
    }
}
