package dev.trent.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Trent's versioned ciphertext blob for KMS symmetric Encrypt, Decrypt and GenerateDataKey: the version-1 {@link
 * CiphertextFormat}, {@link #V1}, and its multi-Region twin {@link #MULTI_REGION} (format byte {@code 0x02}).
 *
 * <pre>
 * offset  size  field
 * 0       1     format version = 0x01 (single-Region key id) or 0x02 (multi-Region key id)
 * 1       16    key id: a UUID, or the 32 hex digits of an mrk- id, as 16 bytes (big-endian: most then least
 *               significant bits)
 * 17      4     key material version (uint32 BE)
 * 21      16    random nonce
 * 37      ...   AES-256-GCM ciphertext || 16-byte tag
 * </pre>
 *
 * <p>Each message gets its own AES key and IV: {@code okm = HKDF-SHA256(ikm = key material,
 * salt = nonce, info = "trent/kms-ciphertext/v1" || blob[0..21), L = 44)}, AES key = {@code
 * okm[0..32)}, IV = {@code okm[32..44)}. The associated data is the whole 37-byte header followed
 * by the {@linkplain EncryptionContextEncoding#canonical canonical encryption context}. See
 * {@code docs/ciphertext-format.md}.
 *
 * <p>The static {@link #encrypt}, {@link #peekHeader} and {@link #decrypt} are conveniences for existing callers and
 * do exactly what {@link #seal}, {@link #peek} and {@link #open} of {@link #V1} do (Java forbids a static and an
 * instance method with the same signature, hence the two sets of names). New code should take a {@link
 * CiphertextFormat}.
 *
 * <p>All methods are thread-safe.
 */
public final class KmsCiphertext implements CiphertextFormat {

    /** The version-1 format: blobs of single-Region keys, whose id is a UUID. */
    public static final KmsCiphertext V1 = new KmsCiphertext((byte) 0x01);

    /**
     * The same layout for multi-Region keys ({@code mrk-} and 32 hex digits): the format byte says the 16 key-id
     * bytes are the hex digits of an {@code mrk-} id, so a replica in another Region finds its key. Reading accepts
     * both formats; the format byte is authenticated like the rest of the header.
     */
    public static final KmsCiphertext MULTI_REGION = new KmsCiphertext((byte) 0x02);

    /** The format byte of blobs of single-Region keys. */
    public static final byte VERSION_1 = 0x01;

    /** The format byte of blobs of multi-Region keys. */
    public static final byte VERSION_MULTI_REGION = 0x02;

    public static final int HEADER_LENGTH = 37;
    public static final int TAG_LENGTH = 16;
    public static final int OVERHEAD = 53;

    /** Length of the random per-message nonce (HKDF salt). */
    public static final int NONCE_LENGTH = 16;

    /** Required length of the key material (HKDF input keying material). */
    public static final int MATERIAL_LENGTH = 32;

    private static final int NONCE_OFFSET = 21;
    private static final int AES_KEY_LENGTH = 32;
    private static final int OKM_LENGTH = AES_KEY_LENGTH + AesGcm.IV_LENGTH;
    private static final byte[] INFO_PREFIX = "trent/kms-ciphertext/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte version;

    private KmsCiphertext(byte version) {
        this.version = version;
    }

    /**
     * Same as {@code V1.seal(...)}: encrypts into a version-1 blob; see {@link #seal}.
     *
     * @param encodedContext {@link EncryptionContextEncoding#canonical} of the encryption context
     */
    public static byte[] encrypt(
            UUID keyId,
            int materialVersion,
            SecretBytes material,
            byte[] plaintext,
            byte[] encodedContext,
            SecureRandom random) {
        return V1.seal(keyId, materialVersion, material, plaintext, encodedContext, random);
    }

    /**
     * Encrypts into a blob of {@link #MULTI_REGION} if {@code multiRegion}, else of {@link #V1}; see {@link #seal}.
     *
     * @param keyId the 128 bits of the key id: the UUID, or the hex digits of an {@code mrk-} id
     */
    public static byte[] encrypt(
            UUID keyId,
            boolean multiRegion,
            int materialVersion,
            SecretBytes material,
            byte[] plaintext,
            byte[] encodedContext,
            SecureRandom random) {
        return (multiRegion ? MULTI_REGION : V1)
                .seal(keyId, materialVersion, material, plaintext, encodedContext, random);
    }

    /** Same as {@code V1.peek(blob)} (which reads both formats); see {@link #peek}. */
    public static Header peekHeader(byte[] blob) throws InvalidCiphertextException {
        return V1.peek(blob);
    }

    /**
     * Same as {@code V1.open(...)}; see {@link #open}.
     *
     * @param encodedContext {@link EncryptionContextEncoding#canonical} of the encryption context
     */
    public static byte[] decrypt(byte[] blob, SecretBytes material, byte[] encodedContext)
            throws InvalidCiphertextException {
        return V1.open(blob, material, encodedContext);
    }

    /**
     * Encrypts {@code plaintext} into a version-1 blob of {@code OVERHEAD + plaintext.length} bytes.
     *
     * @param keyId the KMS key the blob belongs to (written to and authenticated in the header)
     * @param materialVersion version of the key material, treated as an unsigned 32-bit number
     * @param material the 32-byte key material of that version
     * @param plaintext must not be null; may be empty
     * @param encodedContext {@link EncryptionContextEncoding#canonical} of the encryption context;
     *     must not be null
     * @param random source of the 16-byte nonce
     * @throws IllegalArgumentException if the material is not 32 bytes
     * @throws IllegalStateException if the JDK refuses the operation, e.g. because a broken {@code
     *     random} repeated the previous nonce on this thread
     */
    @Override
    public byte[] seal(
            UUID keyId,
            int materialVersion,
            SecretBytes material,
            byte[] plaintext,
            byte[] encodedContext,
            SecureRandom random) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(encodedContext, "encodedContext");
        Objects.requireNonNull(random, "random");
        byte[] ikm = materialBytes(material);
        if (plaintext.length > Integer.MAX_VALUE - OVERHEAD) {
            throw new IllegalArgumentException("plaintext too large");
        }

        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] blob = new byte[OVERHEAD + plaintext.length];
        ByteBuffer.wrap(blob)
                .put(version)
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .putInt(materialVersion)
                .put(nonce);

        byte[] okm = deriveOkm(ikm, blob);
        try {
            Cipher cipher = AesGcm.threadCipher();
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(okm), ivSpec(okm));
            cipher.updateAAD(blob, 0, HEADER_LENGTH);
            cipher.updateAAD(encodedContext);
            cipher.doFinal(plaintext, 0, plaintext.length, blob, HEADER_LENGTH);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    /**
     * Reads the header of a blob without decrypting or authenticating it. Use it only to look up
     * the key material; the values are authenticated later by {@link #open}.
     *
     * <p>Both formats of this family are read, whichever instance is asked: {@link Header#multiRegion()} says
     * which one the blob is.
     *
     * @throws InvalidCiphertextException if {@code blob} is null, shorter than {@link #OVERHEAD}
     *     bytes, or of an unknown format version
     */
    @Override
    public Header peek(byte[] blob) throws InvalidCiphertextException {
        if (blob == null || blob.length < OVERHEAD) {
            throw new InvalidCiphertextException("ciphertext is malformed");
        }
        if (blob[0] != VERSION_1 && blob[0] != VERSION_MULTI_REGION) {
            throw new InvalidCiphertextException("ciphertext has an unknown format version");
        }
        ByteBuffer b = ByteBuffer.wrap(blob, 1, NONCE_OFFSET - 1);
        long msb = b.getLong();
        long lsb = b.getLong();
        return new Header(new UUID(msb, lsb), b.getInt(), blob[0] == VERSION_MULTI_REGION);
    }

    /**
     * Authenticates and decrypts a blob. Whatever is wrong with the blob (any modified bit,
     * truncation, unknown version), or if the key material or encryption context is not the one it
     * was made with, this throws {@link InvalidCiphertextException} and returns no plaintext.
     *
     * <p>This does not check which key the blob names: callers pick {@code material} from {@link
     * #peek}; a blob whose header was altered to name another key fails authentication.
     *
     * @param material the 32-byte key material named by the blob's header
     * @param encodedContext {@link EncryptionContextEncoding#canonical} of the encryption context;
     *     must not be null
     * @throws IllegalArgumentException if the material is not 32 bytes (a caller bug, not a blob
     *     problem)
     */
    @Override
    public byte[] open(byte[] blob, SecretBytes material, byte[] encodedContext) throws InvalidCiphertextException {
        Objects.requireNonNull(encodedContext, "encodedContext");
        byte[] ikm = materialBytes(material);
        peek(blob);

        byte[] okm = deriveOkm(ikm, blob);
        try {
            Cipher cipher = AesGcm.threadCipher();
            cipher.init(Cipher.DECRYPT_MODE, aesKey(okm), ivSpec(okm));
            cipher.updateAAD(blob, 0, HEADER_LENGTH);
            cipher.updateAAD(encodedContext);
            return cipher.doFinal(blob, HEADER_LENGTH, blob.length - HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new InvalidCiphertextException(
                    "ciphertext is not authentic for this key material and encryption context", e);
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return version == VERSION_1 ? "KmsCiphertext.V1" : "KmsCiphertext.MULTI_REGION";
    }

    private static byte[] materialBytes(SecretBytes material) {
        Objects.requireNonNull(material, "material");
        byte[] ikm = material.reveal();
        if (ikm.length != MATERIAL_LENGTH) {
            throw new IllegalArgumentException("key material must be " + MATERIAL_LENGTH + " bytes, got " + ikm.length);
        }
        return ikm;
    }

    /** HKDF-SHA256(ikm, salt = nonce, info = prefix || blob[0..21), 44). Caller zeroes result. */
    private static byte[] deriveOkm(byte[] ikm, byte[] blob) {
        byte[] salt = Arrays.copyOfRange(blob, NONCE_OFFSET, NONCE_OFFSET + NONCE_LENGTH);
        byte[] info = new byte[INFO_PREFIX.length + NONCE_OFFSET];
        System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
        System.arraycopy(blob, 0, info, INFO_PREFIX.length, NONCE_OFFSET);
        return Hkdf.sha256(ikm, salt, info, OKM_LENGTH);
    }

    private static SecretKeySpec aesKey(byte[] okm) {
        return new SecretKeySpec(okm, 0, AES_KEY_LENGTH, "AES");
    }

    private static GCMParameterSpec ivSpec(byte[] okm) {
        return new GCMParameterSpec(AesGcm.TAG_BITS, okm, AES_KEY_LENGTH, AesGcm.IV_LENGTH);
    }
}
