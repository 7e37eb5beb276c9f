package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) with SHA-224, SHA-256, SHA-384 or SHA-512 from the JDK ({@code Mac "HmacSHA256"} etc.): the
 * {@link Mac} of the KMS {@code HMAC_224} to {@code HMAC_512} key specs. Tags are full length ({@link
 * Algorithm#tagLength()}); {@link #verify} accepts nothing shorter.
 *
 * <p>The key may have any non-zero length (RFC 2104 hashes longer keys first); choosing it is the key spec's job
 * (KMS: 28, 32, 48 or 64 random bytes respectively). Keys shorter than the tag weaken the MAC.
 *
 * <p>Instances are immutable and thread-safe: each thread gets its own keyed {@link javax.crypto.Mac}, made on its
 * first use. Key hygiene: the instance keeps its own copy of the key in a JCA key object (and in each thread's Mac)
 * for its lifetime; they cannot be zeroed, so keep instances no longer than the key is needed.
 */
public final class HmacSha implements Mac {

    /** The hash under the HMAC, named as in KMS {@code MacAlgorithmSpec}. */
    public enum Algorithm {
        HMAC_SHA_224("HmacSHA224", 28),
        HMAC_SHA_256("HmacSHA256", 32),
        HMAC_SHA_384("HmacSHA384", 48),
        HMAC_SHA_512("HmacSHA512", 64);

        private final String jcaName;
        private final int tagLength;

        Algorithm(String jcaName, int tagLength) {
            this.jcaName = jcaName;
            this.tagLength = tagLength;
        }

        /** Length of a tag in bytes (the hash length). */
        public int tagLength() {
            return tagLength;
        }

        /** The JCA name of the HMAC. */
        public String jcaName() {
            return jcaName;
        }
    }

    private final Algorithm algorithm;
    private final SecretKeySpec key;
    private final ThreadLocal<javax.crypto.Mac> mac;

    /**
     * @param algorithm the hash under the HMAC
     * @param key the HMAC key, at least one byte; the bytes are copied, so the caller may destroy {@code key}
     *     afterwards
     * @throws IllegalArgumentException if the key is empty
     */
    public HmacSha(Algorithm algorithm, SecretBytes key) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
        byte[] k = key.reveal();
        if (k.length == 0) {
            throw new IllegalArgumentException("HMAC key must not be empty");
        }
        this.key = new SecretKeySpec(k, algorithm.jcaName);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] compute(byte[] data) {
        Objects.requireNonNull(data, "data");
        return mac.get().doFinal(data); // doFinal resets the Mac, keeping its key
    }

    @Override
    public void verify(byte[] tag, byte[] data) throws InvalidMacException {
        Objects.requireNonNull(data, "data");
        if (tag == null || tag.length != algorithm.tagLength || !ConstantTime.equals(compute(data), tag)) {
            throw new InvalidMacException("MAC tag is not valid for this key and data");
        }
    }

    /** Redacted: names the algorithm, never the key. */
    @Override
    public String toString() {
        return "HmacSha[" + algorithm + "]";
    }

    private javax.crypto.Mac newMac() {
        try {
            javax.crypto.Mac m = javax.crypto.Mac.getInstance(algorithm.jcaName);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName + " is not available", e);
        }
    }
}
