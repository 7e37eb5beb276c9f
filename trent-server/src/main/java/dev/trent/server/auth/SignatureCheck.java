package dev.trent.server.auth;

import dev.trent.crypto.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the signature a request should carry and compares it with the one it does, in constant time
 * ({@link ConstantTime}): else {@code InvalidSignatureException} "The request signature we calculated does not
 * match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service
 * documentation for details." (without the canonical request AWS sometimes appends: it would only help an
 * attacker probe the canonicalization).
 *
 * <h2>Canonical request</h2>
 * See {@link Canonical}: the raw path is normalized and encoded once more (what the SDKs sign for non-S3
 * services), the query is decoded and re-encoded per RFC 3986 and sorted by name then value ({@code X-Amz-Signature}
 * left out for presigned requests), signed headers are looked up case-insensitively, values trimmed and
 * whitespace-collapsed, repeated headers joined with commas in wire order; the payload hash is the hex SHA-256 of
 * the body, or the {@code x-amz-content-sha256} value once checked ({@link PayloadHash}).
 *
 * <h2>Cost</h2>
 * Per thread one {@link Scratch} (a Mac, a MessageDigest, a reused StringBuilder); no regular expressions; hex by
 * table. The daily signing key is cached per (access key id, date, region, service) in a bounded
 * {@link SigningKeyCache} that is guarded by the secret, so a verify costs one SHA-256 of the body, one of the
 * canonical request and one HMAC.
 *
 * <p>Thread-safe.
 */
final class SignatureCheck {

    private static final byte[] ALGORITHM_LINE = (SigV4Verifier.ALGORITHM + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AWS4 = "AWS4".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TERMINATOR_BYTES = CredentialScope.TERMINATOR.getBytes(StandardCharsets.US_ASCII);

    private final SigningKeyCache cache;

    /** @param cacheCapacity how many derived signing keys to keep (rounded up to a power of two) */
    SignatureCheck(int cacheCapacity) {
        this.cache = new SigningKeyCache(cacheCapacity);
    }

    /**
     * @param signedLower the signed header names in lower case ({@link SignedHeaders#check})
     * @param payloadHash the last line of the canonical request ({@link PayloadHash#check})
     * @param secret      the caller's secret access key (UTF-8)
     */
    void check(
            Scratch scratch,
            SignedRequest request,
            SignatureClaim claim,
            String[] signedLower,
            CredentialScope scope,
            String payloadHash,
            byte[] secret)
            throws AuthException {
        StringBuilder sb = scratch.builder();
        appendCanonicalRequest(
                sb, request, claim.params(), claim.presigned(), signedLower, claim.signedHeaders(), payloadHash);
        byte[] canonicalHash = scratch.sha256Of(sb);

        // string to sign: algorithm \n date \n scope \n hex(hash(canonical request))
        String date = claim.date();
        String scopeText = scope.scope();
        byte[] sts = scratch.bytes(ALGORITHM_LINE.length + date.length() + 1 + scopeText.length() + 1 + 64);
        int p = 0;
        System.arraycopy(ALGORITHM_LINE, 0, sts, p, ALGORITHM_LINE.length);
        p += ALGORITHM_LINE.length;
        p = putAscii(sts, p, date);
        sts[p++] = '\n';
        p = putAscii(sts, p, scopeText);
        sts[p++] = '\n';
        p = Hex.put(sts, p, canonicalHash);

        byte[] signingKey = cache.get(scope.accessKeyId(), scope.date(), scope.region(), scope.service(), secret);
        if (signingKey == null) {
            signingKey = deriveSigningKey(scratch, secret, scope);
            cache.put(scope.accessKeyId(), scope.date(), scope.region(), scope.service(), secret, signingKey);
        }
        byte[] expectedHex = scratch.hex64;
        Hex.put(expectedHex, 0, scratch.hmac(signingKey, sts, 0, p));
        if (!ConstantTime.equals(expectedHex, claim.signature().getBytes(StandardCharsets.ISO_8859_1))) {
            throw AuthException.invalid("The request signature we calculated does not match the signature you "
                    + "provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details.");
        }
    }

    /** The canonical request this verifier would sign for {@code request} (header auth), for diagnostics in tests. */
    static String canonicalRequest(SignedRequest request, String signedHeaders, String payloadHash)
            throws AuthException {
        List<Canonical.Param> params = Canonical.parseQuery(request.rawQuery());
        boolean presigned = Canonical.find(params, SignatureClaim.X_AMZ_ALGORITHM) != null;
        StringBuilder sb = new StringBuilder(512);
        appendCanonicalRequest(
                sb, request, params, presigned, SignedHeaders.split(signedHeaders), signedHeaders, payloadHash);
        return sb.toString();
    }

    private static void appendCanonicalRequest(
            StringBuilder sb,
            SignedRequest request,
            List<Canonical.Param> params,
            boolean presigned,
            String[] signedLower,
            String signedHeaders,
            String payloadHash) {
        sb.append(request.method()).append('\n');
        Canonical.appendCanonicalUri(sb, request.rawPath());
        sb.append('\n');
        Canonical.appendCanonicalQuery(sb, params, presigned ? SignatureClaim.X_AMZ_SIGNATURE : null);
        sb.append('\n');
        Canonical.appendCanonicalHeaders(sb, signedLower, request.headers());
        sb.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    }

    /** HMAC chain AWS4+secret → date → region → service → aws4_request, wiping each intermediate key. */
    private static byte[] deriveSigningKey(Scratch scratch, byte[] secret, CredentialScope scope) {
        byte[] kSecret = new byte[AWS4.length + secret.length];
        System.arraycopy(AWS4, 0, kSecret, 0, AWS4.length);
        System.arraycopy(secret, 0, kSecret, AWS4.length, secret.length);
        byte[] kDate = scratch.hmac(kSecret, scope.date().getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(kSecret, (byte) 0);
        byte[] kRegion = scratch.hmac(kDate, scope.region().getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(kDate, (byte) 0);
        byte[] kService = scratch.hmac(kRegion, scope.service().getBytes(StandardCharsets.UTF_8));
        Arrays.fill(kRegion, (byte) 0);
        byte[] kSigning = scratch.hmac(kService, TERMINATOR_BYTES);
        Arrays.fill(kService, (byte) 0);
        return kSigning;
    }

    /** Copies the characters of a string expected to be ASCII (others become '?'). */
    private static int putAscii(byte[] out, int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[p++] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return p;
    }
}
