package dev.trent.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated Encryption with Associated Data.
 *
 * <p>Security contract: {@link #encrypt} protects the <em>confidentiality</em> and
 * <em>integrity</em> of the plaintext, and the <em>integrity</em> (authenticity) of the associated
 * data. The associated data is <em>not</em> encrypted and is not part of the output; the same
 * associated data must be supplied again to {@link #decrypt}. Any modification of the
 * ciphertext, or a different associated data, makes {@link #decrypt} fail with a {@link
 * GeneralSecurityException} (typically {@link javax.crypto.AEADBadTagException}); it never
 * returns partial or unauthenticated plaintext.
 *
 * <p>Implementations are randomized (a fresh nonce per encryption), so encrypting the same
 * plaintext twice yields different ciphertexts, and they are safe for concurrent use.
 */
public interface Aead {

    /**
     * Encrypts {@code plaintext}, binding it to {@code associatedData}.
     *
     * @param plaintext the data to protect; must not be null (may be empty)
     * @param associatedData authenticated but unencrypted data; may be null, meaning empty
     * @return the ciphertext, including whatever nonce and tag the scheme needs
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /**
     * Decrypts and authenticates {@code ciphertext} with {@code associatedData}.
     *
     * @param ciphertext output of {@link #encrypt}
     * @param associatedData the same associated data given to {@link #encrypt}; null means empty
     * @return the plaintext
     * @throws GeneralSecurityException if the ciphertext or associated data is not authentic
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
