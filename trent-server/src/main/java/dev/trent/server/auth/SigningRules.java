package dev.trent.server.auth;

import java.util.List;
import java.util.Objects;

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
 */
public record SigningRules(boolean unsignedPayloadAllowed, long maxPresignedSeconds, List<String> signedIfPresent) {

    /** Plain SigV4 as the test suite defines it: unsigned payloads and week-long presigned URLs allowed. */
    public static final SigningRules GENERIC =
            new SigningRules(true, SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS, List.of());

    /**
     * AWS JSON 1.1 services (KMS, SSM, Secrets Manager): the body is always hashed into the signature, presigned
     * requests live at most 15 minutes, and {@code X-Amz-Target} is signed whenever it is sent.
     */
    public static final SigningRules AWS_JSON =
            new SigningRules(false, SigV4Verifier.MAX_CLOCK_SKEW.toSeconds(), List.of("X-Amz-Target"));

    public SigningRules {
        if (maxPresignedSeconds < 0 || maxPresignedSeconds > SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS) {
            throw new IllegalArgumentException(
                    "maxPresignedSeconds must be 0.." + SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS);
        }
        signedIfPresent = List.copyOf(Objects.requireNonNull(signedIfPresent, "signedIfPresent"));
    }
}
