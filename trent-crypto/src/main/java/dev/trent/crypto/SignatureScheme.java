package dev.trent.crypto;

/**
 * The signature schemes of AWS KMS ({@code SigningAlgorithmSpec}), with the hash each applies to a raw message and
 * the length of a digest it accepts ({@link MessageMode#DIGEST}). RSASSA-PSS uses MGF1 with the same hash and a salt
 * as long as the hash; SM2DSA uses SM3 and the default distinguishing identifier {@code 1234567812345678};
 * ED25519_PH_SHA_512 is Ed25519ph (RFC 8032, empty context) over the given bytes; ML-DSA is pure ML-DSA (FIPS 204,
 * empty context), hedged.
 */
public enum SignatureScheme {
    RSASSA_PSS_SHA_256("SHA-256", 32),
    RSASSA_PSS_SHA_384("SHA-384", 48),
    RSASSA_PSS_SHA_512("SHA-512", 64),
    RSASSA_PKCS1_V1_5_SHA_256("SHA-256", 32),
    RSASSA_PKCS1_V1_5_SHA_384("SHA-384", 48),
    RSASSA_PKCS1_V1_5_SHA_512("SHA-512", 64),
    ECDSA_SHA_256("SHA-256", 32),
    ECDSA_SHA_384("SHA-384", 48),
    ECDSA_SHA_512("SHA-512", 64),
    SM2DSA("SM3", 32),
    ML_DSA_SHAKE_256("SHAKE256", 0),
    ED25519_SHA_512("SHA-512", 0),
    ED25519_PH_SHA_512("SHA-512", 64);

    /** What the signer's input is. */
    public enum MessageMode {
        /** The message itself; the scheme hashes it. */
        RAW,
        /** A digest computed by the caller, of {@link #digestLength()} bytes. */
        DIGEST,
        /** ML-DSA's 64-byte message representative mu (FIPS 204, section 6.2). */
        EXTERNAL_MU
    }

    private final String hash;
    private final int digestLength;

    SignatureScheme(String hash, int digestLength) {
        this.hash = hash;
        this.digestLength = digestLength;
    }

    /** The hash under the scheme (JCA name). */
    public String hash() {
        return hash;
    }

    /** The length of an acceptable digest; 0 if the scheme takes no digest. */
    public int digestLength() {
        return digestLength;
    }

    /** Whether the scheme accepts input of this mode (ED25519_PH_SHA_512 takes a digest only, as in AWS KMS). */
    public boolean accepts(MessageMode mode) {
        return switch (mode) {
            case RAW -> this != ED25519_PH_SHA_512;
            case DIGEST -> digestLength > 0;
            case EXTERNAL_MU -> this == ML_DSA_SHAKE_256;
        };
    }

    /** The length the input of {@code mode} must have; 0 if any length (up to the caller's limit) will do. */
    public int inputLength(MessageMode mode) {
        return switch (mode) {
            case RAW -> 0;
            case DIGEST -> digestLength;
            case EXTERNAL_MU -> 64;
        };
    }
}
