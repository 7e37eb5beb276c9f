package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) with HMAC-SHA256 from the JDK ({@code Mac "HmacSHA256"}, whose SHA-256 is a CPU intrinsic):
 * extract, then expand, exactly as the RFC composes HMAC. No primitive of our own: only the RFC's composition of
 * the JCA's HMAC. Mac instances are reused per thread.
 */
public final class Hkdf {

    /** Largest output of HKDF-SHA256: 255 * 32 bytes. */
    public static final int SHA256_MAX_LENGTH = 255 * 32;

    private static final int HASH_LENGTH = 32;
    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    private Hkdf() {}

    /**
     * HKDF-SHA256 extract-and-expand.
     *
     * <p>The JDK's HMAC keeps its own copies of keys inside the Mac (overwritten by the next use on the thread);
     * the pseudo-random key and intermediate blocks are zeroed here. The returned array is owned by the caller,
     * who should zero it when done.
     *
     * @param ikm input keying material; must not be null
     * @param salt optional salt; null or empty means a string of 32 zero bytes (RFC 5869 2.2)
     * @param info optional context and application specific information; null means empty
     * @param length output length in bytes, 0 to {@value #SHA256_MAX_LENGTH}
     * @return {@code length} bytes of output keying material
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(ikm, "ikm");
        if (length < 0 || length > SHA256_MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "HKDF-SHA256 length must be 0.." + SHA256_MAX_LENGTH + ", got " + length);
        }
        byte[] okm = new byte[length];
        if (length == 0) return okm;
        Mac mac = MAC.get();
        byte[] prk = null;
        byte[] block = new byte[HASH_LENGTH];
        try {
            // Extract: PRK = HMAC(salt, IKM)
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? ZERO_SALT : salt, "HmacSHA256"));
            prk = mac.doFinal(ikm);
            // Expand: T(i) = HMAC(PRK, T(i-1) || info || i)
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            int produced = 0;
            for (int i = 1; produced < length; i++) {
                if (i > 1) mac.update(block);
                if (info != null) mac.update(info);
                mac.update((byte) i);
                mac.doFinal(block, 0);
                int n = Math.min(HASH_LENGTH, length - produced);
                System.arraycopy(block, 0, okm, produced, n);
                produced += n;
            }
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 failed", e);
        } finally {
            if (prk != null) Arrays.fill(prk, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }
}
