package dev.trent.crypto;

import java.security.GeneralSecurityException;

/**
 * Creates digital signatures with a private key; the counterpart of {@link Verifier}.
 *
 * <p>Security contract: a signature authenticates exactly the bytes of {@code message} under the signing key: anyone
 * with the matching public key can check, with a {@link Verifier} of the same algorithm, that the holder of the
 * private key signed those bytes. Nothing else is signed (no context, no algorithm identifier): bind any context into
 * {@code message}. Signatures are not confidential and say nothing about who asked for them.
 *
 * <p>What {@code message} means is fixed by the instance, never by a per-call flag: for a signer over raw messages
 * it is the message itself (hashed inside as the algorithm requires); for a signer over digests (KMS {@code
 * MessageType=DIGEST}, or {@code EXTERNAL_MU} for ML-DSA) it is the already-computed value, and the implementation
 * rejects one of the wrong length.
 * The signature encoding is the algorithm's standard one, as AWS KMS returns it: DER {@code ECDSA-Sig-Value} for
 * ECDSA and SM2, the raw big-endian integer for RSA (PKCS #1 v1.5 and PSS), the raw encoding of RFC 8032 for Ed25519
 * and of FIPS 204 for ML-DSA. Randomized algorithms (ECDSA, PSS, hedged ML-DSA) give a different signature each time;
 * all verify.
 *
 * <p>Implementations are named after their algorithm, hold their private key for their lifetime, and are safe for
 * concurrent use.
 */
public interface Signer {

    /**
     * Signs {@code message}.
     *
     * @param message the message, or the digest for a digest signer; must not be null
     * @return the signature, owned by the caller
     * @throws GeneralSecurityException if the message is not acceptable (e.g. a digest of the wrong length) or the
     *     provider fails; no partial signature is ever returned
     */
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
