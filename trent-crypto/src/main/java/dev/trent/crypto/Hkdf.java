package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) with HMAC-SHA-256, -384 or -512 from the JDK ({@code Mac "HmacSHA256"} etc., whose hashes are CPU
 * intrinsics): extract, then expand, exactly as the RFC composes HMAC. No primitive of our own: only the RFC's
 * composition of the JCA's HMAC. One {@link javax.crypto.Mac} per hash and thread is reused, so a derivation costs no
 * provider look-up.
 *
 * <p>Used by the server ({@link KmsCiphertext}) and by the client SDK (the AWS Encryption SDK message format), so
 * both derive keys with the same code.
 *
 * <p>Key hygiene: the JDK's HMAC keeps its own copies of keys inside the thread's Mac (overwritten by the next use on
 * that thread); the pseudo-random key and intermediate blocks made here are zeroed. Every returned array is owned by
 * the caller, who should zero it when done.
 */
public final class Hkdf {

    /** The hash under the HMAC. */
    public enum Hash {
        SHA256("HmacSHA256", 32),
        SHA384("HmacSHA384", 48),
        SHA512("HmacSHA512", 64);

        private final String macAlgorithm;
        private final int length;
        private final byte[] zeroSalt;
        private final ThreadLocal<javax.crypto.Mac> mac;

        Hash(String macAlgorithm, int length) {
            this.macAlgorithm = macAlgorithm;
            this.length = length;
            this.zeroSalt = new byte[length];
            this.mac = ThreadLocal.withInitial(() -> {
                try {
                    return javax.crypto.Mac.getInstance(macAlgorithm);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(macAlgorithm + " is not available", e);
                }
            });
        }

        /** Hash (and pseudo-random key) length in bytes. */
        public int length() {
            return length;
        }

        /** Largest output of HKDF with this hash: 255 times the hash length. */
        public int maxOutputLength() {
            return 255 * length;
        }

        /** The JCA name of the HMAC. */
        public String macAlgorithm() {
            return macAlgorithm;
        }
    }

    /** Largest output of HKDF-SHA256: 255 * 32 bytes. */
    public static final int SHA256_MAX_LENGTH = 255 * 32;

    private Hkdf() {}

    /**
     * HKDF-SHA256 extract-and-expand; the same as {@link #derive derive(Hash.SHA256, ...)}.
     *
     * @param ikm input keying material; must not be null
     * @param salt optional salt; null or empty means a string of 32 zero bytes (RFC 5869 2.2)
     * @param info optional context and application specific information; null means empty
     * @param length output length in bytes, 0 to {@value #SHA256_MAX_LENGTH}
     * @return {@code length} bytes of output keying material
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        return derive(Hash.SHA256, ikm, salt, info, length);
    }

    /**
     * HKDF extract-and-expand: {@code expand(extract(salt, ikm), info, length)}.
     *
     * @param hash the hash under the HMAC
     * @param ikm input keying material; must not be null
     * @param salt optional salt; null or empty means a string of {@code hash.length()} zero bytes (RFC 5869 2.2)
     * @param info optional context and application specific information; null means empty
     * @param length output length in bytes, 0 to {@link Hash#maxOutputLength()}
     * @return {@code length} bytes of output keying material
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static byte[] derive(Hash hash, byte[] ikm, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(ikm, "ikm");
        checkLength(hash, length);
        if (length == 0) return new byte[0];
        javax.crypto.Mac mac = hash.mac.get();
        byte[] prk = null;
        try {
            prk = extract(mac, hash, salt, ikm);
            mac.init(new SecretKeySpec(prk, hash.macAlgorithm));
            return expand(mac, hash, info, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF failed", e);
        } finally {
            if (prk != null) Arrays.fill(prk, (byte) 0);
        }
    }

    /**
     * HKDF extract: {@code PRK = HMAC-Hash(salt, ikm)}. Use it with {@link #expand} to derive several keys from one
     * extraction; otherwise prefer {@link #derive}.
     *
     * @param salt optional salt; null or empty means a string of {@code hash.length()} zero bytes
     * @param ikm input keying material; must not be null
     * @return the pseudo-random key, {@code hash.length()} bytes; the caller must zero it when done
     */
    public static byte[] extract(Hash hash, byte[] salt, byte[] ikm) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(ikm, "ikm");
        try {
            return extract(hash.mac.get(), hash, salt, ikm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF extract failed", e);
        }
    }

    /**
     * HKDF expand: {@code T(i) = HMAC-Hash(prk, T(i-1) || info || i)}, output the first {@code length} bytes of
     * {@code T(1) || T(2) || ...}.
     *
     * @param prk pseudo-random key of at least {@code hash.length()} bytes, usually from {@link #extract}
     * @param info optional context and application specific information; null means empty
     * @param length output length in bytes, 0 to {@link Hash#maxOutputLength()}
     * @throws IllegalArgumentException if {@code length} is out of range or {@code prk} too short
     */
    public static byte[] expand(Hash hash, byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(prk, "prk");
        checkLength(hash, length);
        if (prk.length < hash.length) {
            throw new IllegalArgumentException(
                    "HKDF PRK must be at least " + hash.length + " bytes, got " + prk.length);
        }
        if (length == 0) return new byte[0];
        javax.crypto.Mac mac = hash.mac.get();
        try {
            mac.init(new SecretKeySpec(prk, hash.macAlgorithm));
            return expand(mac, hash, info, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF expand failed", e);
        }
    }

    private static byte[] extract(javax.crypto.Mac mac, Hash hash, byte[] salt, byte[] ikm)
            throws GeneralSecurityException {
        mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? hash.zeroSalt : salt, hash.macAlgorithm));
        return mac.doFinal(ikm);
    }

    /** Expand with {@code mac} already keyed with the PRK. */
    private static byte[] expand(javax.crypto.Mac mac, Hash hash, byte[] info, int length)
            throws GeneralSecurityException {
        byte[] okm = new byte[length];
        byte[] block = new byte[hash.length];
        try {
            int produced = 0;
            for (int i = 1; produced < length; i++) {
                if (i > 1) mac.update(block);
                if (info != null) mac.update(info);
                mac.update((byte) i);
                mac.doFinal(block, 0);
                int n = Math.min(hash.length, length - produced);
                System.arraycopy(block, 0, okm, produced, n);
                produced += n;
            }
            return okm;
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    private static void checkLength(Hash hash, int length) {
        if (length < 0 || length > hash.maxOutputLength()) {
            throw new IllegalArgumentException(
                    "HKDF-" + hash + " length must be 0.." + hash.maxOutputLength() + ", got " + length);
        }
    }
}
