package dev.trent.server.auth;

/**
 * The payload hash of the canonical request, and the {@code x-amz-content-sha256} check: when that header is
 * present and not {@code UNSIGNED-PAYLOAD}, it must equal the body's SHA-256 (hex, case-insensitive), else
 * {@code InvalidSignatureException} "The provided 'x-amz-content-sha256' header does not match what was
 * computed." (S3's wording; the JSON services have none). Where the service's {@link SigningRules} do not allow
 * {@code UNSIGNED-PAYLOAD}, that value is a hash like any other and does not match the body: the same error.
 */
final class PayloadHash {

    private PayloadHash() {}

    /**
     * @return what the canonical request ends with: {@code UNSIGNED-PAYLOAD}, the header value once checked, or
     *     the hex SHA-256 of the body
     */
    static String check(Scratch scratch, byte[] body, String contentSha256, boolean unsignedAllowed)
            throws AuthException {
        if (unsignedAllowed && SigV4Verifier.UNSIGNED_PAYLOAD.equals(contentSha256)) {
            return SigV4Verifier.UNSIGNED_PAYLOAD;
        }
        byte[] bodyHash = scratch.sha256.digest(body);
        if (contentSha256 == null) {
            return Hex.encode(bodyHash);
        }
        if (!Hex.equalsIgnoreCase(bodyHash, contentSha256)) {
            throw AuthException.invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return contentSha256;
    }
}
