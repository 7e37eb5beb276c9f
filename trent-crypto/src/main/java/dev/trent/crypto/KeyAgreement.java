package dev.trent.crypto;

import java.security.InvalidKeyException;

/**
 * Key agreement: derives a secret shared with the holder of another public key, from this instance's private key
 * (KMS {@code DeriveSharedSecret}, e.g. ECDH on NIST P-256/384/521 or SM2).
 *
 * <p>Security contract: {@link #deriveSharedSecret} returns the raw shared secret of the algorithm's primitive (for
 * ECDH, the x-coordinate of the shared point, SP 800-56A's "ECC CDH" primitive, as AWS KMS returns it). It is
 * <em>not</em> a key: it is not uniformly random and must go through a key-derivation function (e.g. {@link Hkdf})
 * before use. It is returned as {@link SecretBytes}, owned by the caller, who should {@link SecretBytes#destroy
 * destroy} it when done.
 *
 * <p>Nothing about the peer is authenticated: the caller decides whether to trust the peer's public key. The
 * implementation validates it (a well-formed X.509 {@code SubjectPublicKeyInfo}, on the same curve as this key, a
 * point on the curve and not the identity) and rejects it otherwise, so that an invalid-curve point can never leak
 * the private key.
 *
 * <p>Implementations are named after their algorithm, hold their private key for their lifetime, and are safe for
 * concurrent use.
 */
public interface KeyAgreement {

    /**
     * Derives the secret shared with the holder of {@code peerPublicKey}.
     *
     * @param peerPublicKey the peer's public key, DER-encoded X.509 {@code SubjectPublicKeyInfo}; must not be null
     * @return the raw shared secret, owned by the caller
     * @throws InvalidKeyException if the peer key is malformed, of another algorithm or curve, or not a valid point
     */
    SecretBytes deriveSharedSecret(byte[] peerPublicKey) throws InvalidKeyException;
}
