package dev.trent.crypto;

import java.security.GeneralSecurityException;

/**
 * Key wrapping: encrypts key material for transport to the holder of the unwrapping key, and back (KMS {@code
 * GetParametersForImport} / {@code ImportKeyMaterial}).
 *
 * <p>Security contract: {@link #wrap} protects the confidentiality and integrity of the key bytes; {@link #unwrap}
 * returns the key bytes only if the wrapped blob was produced by {@link #wrap} with the matching key and the same
 * algorithm, and otherwise throws {@link InvalidCiphertextException}. Every unwrap failure (bad padding, wrong length,
 * bad integrity check) throws that same exception with the same message, so that failures cannot serve as a
 * padding oracle (Bleichenbacher, Manger). No associated data is bound: bind the purpose of the key by using one
 * wrapping key per import, as KMS does.
 *
 * <p>Each implementation is one algorithm, named by {@link #algorithm()}; a wrapped blob does not name its
 * algorithm, so the caller must keep the two together. An instance holds the key both directions need (e.g. an RSA
 * key pair whose public half is handed to the importer), and is safe for concurrent use.
 */
public interface KeyWrap {

    /**
     * The algorithm, as AWS KMS names it in the {@code WrappingAlgorithm} parameter (type {@code AlgorithmSpec}, e.g.
     * {@code RSAES_OAEP_SHA_256}, {@code
     * RSA_AES_KEY_WRAP_SHA_256}, {@code SM2PKE}).
     */
    String algorithm();

    /**
     * Wraps {@code key}. Randomized algorithms give a different blob each time.
     *
     * @param key the key material to wrap; not destroyed by this call
     * @return the wrapped key, owned by the caller
     * @throws GeneralSecurityException if the key cannot be wrapped by this algorithm (e.g. too long) or the provider
     *     fails
     */
    byte[] wrap(SecretBytes key) throws GeneralSecurityException;

    /**
     * Unwraps a blob made by {@link #wrap}.
     *
     * @param wrapped the wrapped key; null is invalid
     * @return the key material, owned by the caller, who should destroy it when done
     * @throws InvalidCiphertextException whatever is wrong with {@code wrapped}
     */
    SecretBytes unwrap(byte[] wrapped) throws InvalidCiphertextException;
}
