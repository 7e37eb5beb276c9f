package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM {@link Aead} using the JDK provider.
 *
 * <p>Output of {@link #encrypt}: {@code 12-byte random IV || ciphertext || 16-byte tag}, i.e.
 * {@value #OVERHEAD} bytes longer than the plaintext. Key sizes: 16, 24 or 32 bytes.
 *
 * <p>With random 96-bit IVs, one key must not encrypt more than about 2<sup>32</sup> messages
 * (NIST SP 800-38D, section 8.3). For long-lived keys use a per-message derived key, as {@link
 * KmsCiphertext} does.
 *
 * <p>Instances are immutable and thread-safe. {@link Cipher} objects are reused per thread (one
 * per thread, re-initialised on every call) instead of being looked up on each operation.
 *
 * <p>Key hygiene: the instance keeps its own copy of the key in a JCA key object for its
 * lifetime; it cannot be zeroed, so keep {@code AesGcm} instances no longer than the key is
 * needed.
 */
public final class AesGcm implements Aead {

    /** Length of the IV (nonce) in bytes. */
    public static final int IV_LENGTH = 12;

    /** Length of the authentication tag in bytes. */
    public static final int TAG_LENGTH = 16;

    /** Bytes added by {@link #encrypt}: IV plus tag. */
    public static final int OVERHEAD = IV_LENGTH + TAG_LENGTH;

    static final int TAG_BITS = TAG_LENGTH * 8;

    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesGcm::newCipher);

    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * @param key AES key of 16, 24 or 32 bytes; the bytes are copied, so the caller may destroy
     *     {@code key} afterwards
     * @param random source of the per-message IVs
     */
    public AesGcm(SecretBytes key, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
        byte[] k = key.reveal();
        checkKeyLength(k.length);
        this.key = new SecretKeySpec(k, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        byte[] out = new byte[IV_LENGTH + plaintext.length + TAG_LENGTH];
        System.arraycopy(iv, 0, out, 0, IV_LENGTH);
        Cipher cipher = threadCipher();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        updateAad(cipher, associatedData);
        cipher.doFinal(plaintext, 0, plaintext.length, out, IV_LENGTH);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext == null || ciphertext.length < OVERHEAD) {
            throw new AEADBadTagException("ciphertext too short");
        }
        Cipher cipher = threadCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_LENGTH));
        updateAad(cipher, associatedData);
        return cipher.doFinal(ciphertext, IV_LENGTH, ciphertext.length - IV_LENGTH);
    }

    /**
     * AES-GCM encryption with a caller-supplied IV. Returns {@code ciphertext || 16-byte tag}; the
     * IV is <em>not</em> included in the output.
     *
     * <p>The caller is responsible for never using the same (key, IV) pair twice. As a last line of
     * defence, the JDK provider refuses (with {@link
     * java.security.InvalidAlgorithmParameterException}) an encryption whose key and IV both equal
     * those of the previous encryption on the same thread.
     *
     * @param key AES key of 16, 24 or 32 bytes
     * @param iv 12-byte IV
     * @param associatedData may be null, meaning empty
     */
    public static byte[] encryptWithIv(SecretBytes key, byte[] iv, byte[] plaintext, byte[] associatedData)
            throws GeneralSecurityException {
        Objects.requireNonNull(plaintext, "plaintext");
        Cipher cipher = threadCipher();
        cipher.init(Cipher.ENCRYPT_MODE, keySpec(key), ivSpec(iv));
        updateAad(cipher, associatedData);
        return cipher.doFinal(plaintext);
    }

    /**
     * Inverse of {@link #encryptWithIv}: decrypts {@code ciphertext || tag} with the given IV.
     *
     * @throws GeneralSecurityException ({@link AEADBadTagException}) if the input is shorter than
     *     the tag or not authentic
     */
    public static byte[] decryptWithIv(SecretBytes key, byte[] iv, byte[] ciphertextAndTag, byte[] associatedData)
            throws GeneralSecurityException {
        if (ciphertextAndTag == null || ciphertextAndTag.length < TAG_LENGTH) {
            throw new AEADBadTagException("ciphertext too short");
        }
        Cipher cipher = threadCipher();
        cipher.init(Cipher.DECRYPT_MODE, keySpec(key), ivSpec(iv));
        updateAad(cipher, associatedData);
        return cipher.doFinal(ciphertextAndTag);
    }

    /**
     * This thread's {@code AES/GCM/NoPadding} cipher. Callers must {@code init} it before each use
     * and must not hand it to other threads.
     */
    static Cipher threadCipher() {
        return CIPHER.get();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    }

    private static void updateAad(Cipher cipher, byte[] associatedData) {
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
    }

    private static SecretKeySpec keySpec(SecretBytes key) {
        Objects.requireNonNull(key, "key");
        byte[] k = key.reveal();
        checkKeyLength(k.length);
        return new SecretKeySpec(k, "AES");
    }

    private static GCMParameterSpec ivSpec(byte[] iv) {
        Objects.requireNonNull(iv, "iv");
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes, got " + iv.length);
        }
        return new GCMParameterSpec(TAG_BITS, iv);
    }

    private static void checkKeyLength(int length) {
        if (length != 16 && length != 24 && length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + length);
        }
    }
}
