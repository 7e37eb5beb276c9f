package dev.trent.server.auth;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a service demands of a SigV4 signature beyond the algorithm itself.
 *
 * @param unsignedPayloadAllowed whether {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} may stand in for the body
 *     hash (S3 allows it; the AWS JSON services sign the body, so a presigned URL with it would accept any body)
 * @param maxPresignedSeconds how long a presigned request stays valid at most, whatever its
 *     {@code X-Amz-Expires} says (AWS's JSON services keep their 15-minute window; S3 allows a week)
 * @param signedIfPresent headers that must be signed whenever the request carries them (for AWS JSON services
 *     {@code X-Amz-Target}, which names the operation: unsigned, a request signed for one operation could be
 *     replayed as another)
 * @param globalRegions credential-scope region names accepted besides the server's regions: the partitions'
 *     pseudo-regions ({@code aws-global}) that the AWS SDK for Java v2 signs with when a client of a global service
 *     (IAM, STS) is built with {@code Region.AWS_GLOBAL} and an endpoint override
 */
public record SigningRules(
        boolean unsignedPayloadAllowed,
        long maxPresignedSeconds,
        List<String> signedIfPresent,
        Set<String> globalRegions) {

    /** The pseudo-regions of the global endpoints of the AWS partitions ({@code Region.AWS_GLOBAL} and its kin). */
    public static final Set<String> PARTITION_GLOBAL_REGIONS =
            Set.of("aws-global", "aws-cn-global", "aws-us-gov-global", "aws-iso-global", "aws-iso-b-global");

    /** Rules that accept only the server's regions. */
    public SigningRules(boolean unsignedPayloadAllowed, long maxPresignedSeconds, List<String> signedIfPresent) {
        this(unsignedPayloadAllowed, maxPresignedSeconds, signedIfPresent, Set.of());
    }

    /** Plain SigV4 as the test suite defines it: unsigned payloads and week-long presigned URLs allowed. */
    public static final SigningRules GENERIC =
            new SigningRules(true, SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS, List.of());

    /**
     * AWS JSON 1.1 services (KMS, SSM, Secrets Manager): the body is always hashed into the signature, presigned
     * requests live at most 15 minutes, and {@code X-Amz-Target} is signed whenever it is sent.
     */
    public static final SigningRules AWS_JSON =
            new SigningRules(false, SigV4Verifier.MAX_CLOCK_SKEW.toSeconds(), List.of("X-Amz-Target"));

    /**
     * AWS Query services (IAM, STS). Each rule and why:
     * <ul>
     *   <li>The payload is always hashed into the signature ({@code UNSIGNED-PAYLOAD} refused): the form body
     *       carries the operation and all its parameters, so an unsigned body would let anyone who holds a signed
     *       request replay it as any other operation. botocore, the AWS SDKs and the tools that presign
     *       ({@code aws eks get-token}, aws-iam-authenticator, Vault's IAM auth) all sign the body, or an empty one
     *       once the parameters are moved into the presigned URL.</li>
     *   <li>Presigned requests are accepted (STS {@code GetCallerIdentity} URLs are how EKS and Vault prove an
     *       identity) and stay valid at most 15 minutes, whatever {@code X-Amz-Expires} says: the URL is a bearer
     *       proof of identity, AWS's own verifiers (aws-iam-authenticator) hold it to 15 minutes, and it is the
     *       window of the AWS JSON services. A longer {@code X-Amz-Expires} (botocore's default is 3600) is cut to
     *       15 minutes, not refused.</li>
     *   <li>No header beyond SigV4's own ({@code host}, the date) has to be signed: the operation is named by
     *       {@code Action} in the signed query string or body, not by a header.</li>
     *   <li>A credential may be scoped to a partition's global pseudo-region ({@code aws-global}) as well as to
     *       a real region: IAM and STS are global services, and the AWS SDK for Java v2 signs with
     *       {@code aws-global} when a client is built with {@code Region.AWS_GLOBAL} (the usual choice for IAM) and
     *       an endpoint override. The caller's region is then that pseudo-region.</li>
     * </ul>
     */
    public static final SigningRules QUERY =
            new SigningRules(false, SigV4Verifier.MAX_CLOCK_SKEW.toSeconds(), List.of(), PARTITION_GLOBAL_REGIONS);

    public SigningRules {
        if (maxPresignedSeconds < 0 || maxPresignedSeconds > SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS) {
            throw new IllegalArgumentException(
                    "maxPresignedSeconds must be 0.." + SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS);
        }
        signedIfPresent = List.copyOf(Objects.requireNonNull(signedIfPresent, "signedIfPresent"));
        globalRegions = Set.copyOf(Objects.requireNonNull(globalRegions, "globalRegions"));
    }
}
