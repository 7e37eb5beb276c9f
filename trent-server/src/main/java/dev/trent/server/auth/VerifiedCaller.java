package dev.trent.server.auth;

import java.time.Instant;

/**
 * Who signed a request that passed {@link SigV4Verifier#verify}.
 *
 * @param accessKeyId       the access key id from the credential scope
 * @param region            the region from the credential scope (where the caller's keys live)
 * @param service           the service from the credential scope (always the service passed to {@code verify})
 * @param securityToken     {@code X-Amz-Security-Token} (header, or query for presigned requests), or {@code null}.
 *                          Not validated here; it is covered by the signature only if it was signed (always
 *                          for presigned requests, when listed in SignedHeaders for header auth).
 * @param signedAt          the request timestamp ({@code X-Amz-Date} or {@code Date})
 * @param signatureVerified {@code false} only when the lookup answered {@link SecretLookup.TrustUnsigned}
 */
public record VerifiedCaller(
        String accessKeyId,
        String region,
        String service,
        String securityToken,
        Instant signedAt,
        boolean signatureVerified) {

    @Override
    public String toString() {
        return "VerifiedCaller[accessKeyId=" + accessKeyId + ", region=" + region + ", service=" + service
                + ", securityToken=" + (securityToken == null ? "none" : "<redacted>")
                + ", signedAt=" + signedAt + ", signatureVerified=" + signatureVerified + "]";
    }
}
