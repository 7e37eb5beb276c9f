package dev.trent.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;

/**
 * A self-describing ciphertext blob for KMS symmetric encryption: the blob names the key and the key-material version
 * that decrypt it, so rotation is "encrypt with the newest, decrypt with the one named".
 *
 * <p>Security contract: {@link #seal} protects the confidentiality and integrity of the plaintext, and the integrity
 * of the key id, the material version and the associated data. The associated data (for KMS, the {@linkplain
 * EncryptionContextEncoding#canonical canonical encryption context}) is <em>not</em> stored in the blob: the same
 * bytes must be given to {@link #open}. {@link #peek} reads the key id and version <em>without</em> authenticating
 * them, only so the caller can look up the material; {@link #open} then authenticates them along with everything else.
 * Whatever is wrong with a blob (any modified bit, truncation, extension, an unknown format version, other key
 * material or associated data), {@link #open} throws {@link InvalidCiphertextException} with an unspecific message
 * and returns no plaintext.
 *
 * <p>Implementations are randomized (a fresh nonce per blob from the given {@link SecureRandom}), immutable and safe
 * for concurrent use. {@link KmsCiphertext#V1} is the format Trent writes; see {@code docs/ciphertext-format.md}.
 */
public interface CiphertextFormat {

    /**
     * The unencrypted part of a blob that says which key material decrypts it: the 128 bits of the key id, the
     * material version, and whether the id is a multi-Region one ({@code mrk-} and the 32 hex digits of {@code
     * keyId}) rather than a UUID.
     */
    record Header(UUID keyId, int materialVersion, boolean multiRegion) {
        public Header {
            Objects.requireNonNull(keyId, "keyId");
        }

        /** The header of a blob of a single-Region key. */
        public Header(UUID keyId, int materialVersion) {
            this(keyId, materialVersion, false);
        }
    }

    /**
     * Encrypts {@code plaintext} into a blob that names {@code keyId} and {@code materialVersion}.
     *
     * @param keyId the KMS key the blob belongs to (stored in the blob and authenticated)
     * @param materialVersion version of the key material, treated as an unsigned 32-bit number
     * @param material the key material of that version; the format fixes its length
     * @param plaintext must not be null; may be empty
     * @param aad associated data, authenticated but not stored; must not be null (may be empty)
     * @param random source of the per-blob nonce
     * @throws IllegalArgumentException if the material has the wrong length or the plaintext is too large
     */
    byte[] seal(
            UUID keyId, int materialVersion, SecretBytes material, byte[] plaintext, byte[] aad, SecureRandom random);

    /**
     * Reads the header of a blob without decrypting or authenticating it. Use it only to look up the key material
     * for {@link #open}, which authenticates the header.
     *
     * @throws InvalidCiphertextException if {@code blob} is null, too short or not of this format
     */
    Header peek(byte[] blob) throws InvalidCiphertextException;

    /**
     * Authenticates and decrypts a blob. This does not check which key the blob names: callers pick {@code material}
     * from {@link #peek}; a blob whose header was altered to name another key or version fails authentication.
     *
     * @param material the key material named by the blob's header
     * @param aad the associated data given to {@link #seal}; must not be null
     * @return the plaintext
     * @throws InvalidCiphertextException if the blob is malformed or not authentic for this material and {@code aad}
     * @throws IllegalArgumentException if the material has the wrong length (a caller bug, not a blob problem)
     */
    byte[] open(byte[] blob, SecretBytes material, byte[] aad) throws InvalidCiphertextException;
}
