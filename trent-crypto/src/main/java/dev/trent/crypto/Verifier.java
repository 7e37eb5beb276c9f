package dev.trent.crypto;

/**
 * Checks digital signatures with a public key; the counterpart of {@link Signer}.
 *
 * <p>Security contract: {@link #verify} returns normally only if {@code signature} is a valid signature of exactly
 * the bytes of {@code message} under this verifier's public key and algorithm. In every other case (wrong key,
 * altered message, altered, truncated or malformed signature, a signature in another encoding, a message or digest of
 * the wrong length) it throws {@link InvalidSignatureException}, never a provider exception and never a {@code false}
 * that a caller could forget to check. Nothing but {@code message} is authenticated.
 *
 * <p>{@code message} has the same meaning as for the {@link Signer} of the same algorithm (the message itself, or its
 * digest for a digest verifier), fixed by the instance. Signatures are accepted only in the algorithm's standard
 * encoding, as described on {@link Signer}; implementations must not accept alternative encodings (e.g. BER instead
 * of DER), which would make signatures malleable.
 *
 * <p>Implementations are named after their algorithm, hold only a public key, and are safe for concurrent use.
 */
public interface Verifier {

    /**
     * Checks that {@code signature} is a valid signature of {@code message}.
     *
     * @param signature the signature to check; null is invalid
     * @param message the signed message, or its digest for a digest verifier; must not be null
     * @throws InvalidSignatureException if the signature is not valid for the message under this key
     */
    void verify(byte[] signature, byte[] message) throws InvalidSignatureException;
}
