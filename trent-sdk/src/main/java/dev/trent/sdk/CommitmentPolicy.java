package dev.trent.sdk;

/** Key commitment policy of a {@link TrentCrypto} client. */
public enum CommitmentPolicy {
    /** Encrypt with non-committing suites only; decrypt any message. */
    FORBID_ENCRYPT_ALLOW_DECRYPT,
    /** Encrypt with committing suites only; decrypt any message. */
    REQUIRE_ENCRYPT_ALLOW_DECRYPT,
    /** Encrypt and decrypt committing messages only (the default). */
    REQUIRE_ENCRYPT_REQUIRE_DECRYPT;

    public boolean allowsEncrypt(AlgorithmSuite suite) {
        return this == FORBID_ENCRYPT_ALLOW_DECRYPT ? !suite.isCommitting() : suite.isCommitting();
    }

    public boolean allowsDecrypt(AlgorithmSuite suite) {
        return this != REQUIRE_ENCRYPT_REQUIRE_DECRYPT || suite.isCommitting();
    }

    /** The suite used to encrypt when none is requested. */
    public AlgorithmSuite defaultSuite() {
        return this == FORBID_ENCRYPT_ALLOW_DECRYPT
                ? AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
                : AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
    }

    /** Parses {@code REQUIRE_ENCRYPT_REQUIRE_DECRYPT}, {@code require-encrypt-require-decrypt} or the official CamelCase form. */
    public static CommitmentPolicy parse(String text) {
        String norm = text.trim().replace('-', '_');
        for (CommitmentPolicy p : values()) {
            if (p.name().equalsIgnoreCase(norm) || p.name().replace("_", "").equalsIgnoreCase(norm)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "Unknown commitment policy: " + text
                        + " (expected forbid_encrypt_allow_decrypt, require_encrypt_allow_decrypt or require_encrypt_require_decrypt)");
    }
}
