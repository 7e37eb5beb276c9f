package dev.trent.sdk;

import java.util.Locale;

/**
 * The algorithm suites of the AWS Encryption SDK message format.
 *
 * <p>All eleven ESDK suites can be decrypted. Suites whose {@link #messageFormatVersion()} is 2 provide key
 * commitment; the default is {@link #AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384}.
 */
public enum AlgorithmSuite {
    AES_128_GCM_IV12_TAG16_NO_KDF(0x0014, 1, 16, Kdf.IDENTITY, null, false),
    AES_192_GCM_IV12_TAG16_NO_KDF(0x0046, 1, 24, Kdf.IDENTITY, null, false),
    AES_256_GCM_IV12_TAG16_NO_KDF(0x0078, 1, 32, Kdf.IDENTITY, null, false),
    AES_128_GCM_IV12_TAG16_HKDF_SHA256(0x0114, 1, 16, Kdf.HKDF_SHA256, null, false),
    AES_192_GCM_IV12_TAG16_HKDF_SHA256(0x0146, 1, 24, Kdf.HKDF_SHA256, null, false),
    AES_256_GCM_IV12_TAG16_HKDF_SHA256(0x0178, 1, 32, Kdf.HKDF_SHA256, null, false),
    AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256(
            0x0214, 1, 16, Kdf.HKDF_SHA256, SignatureAlgorithm.ECDSA_P256_SHA256, false),
    AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(
            0x0346, 1, 24, Kdf.HKDF_SHA384, SignatureAlgorithm.ECDSA_P384_SHA384, false),
    AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(
            0x0378, 1, 32, Kdf.HKDF_SHA384, SignatureAlgorithm.ECDSA_P384_SHA384, false),
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY(0x0478, 2, 32, Kdf.HKDF_SHA512, null, true),
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384(
            0x0578, 2, 32, Kdf.HKDF_SHA512, SignatureAlgorithm.ECDSA_P384_SHA384, true);

    /** Key derivation functions used by the suites. */
    public enum Kdf {
        IDENTITY(null, 0),
        HKDF_SHA256("HmacSHA256", 32),
        HKDF_SHA384("HmacSHA384", 48),
        HKDF_SHA512("HmacSHA512", 64);

        private final String macAlgorithm;
        private final int hashLength;

        Kdf(String macAlgorithm, int hashLength) {
            this.macAlgorithm = macAlgorithm;
            this.hashLength = hashLength;
        }

        /** JCA name of the HMAC, or null for the identity KDF. */
        public String macAlgorithm() {
            return macAlgorithm;
        }

        public int hashLength() {
            return hashLength;
        }
    }

    /** Asymmetric signature algorithms used by the signing suites. */
    public enum SignatureAlgorithm {
        ECDSA_P256_SHA256("secp256r1", "SHA256withECDSA", 32),
        ECDSA_P384_SHA384("secp384r1", "SHA384withECDSA", 48);

        /** The hash of the signature algorithm. */
        public String digestName() {
            return this == ECDSA_P256_SHA256 ? "SHA-256" : "SHA-384";
        }

        private final String curve;
        private final String jcaName;
        private final int fieldBytes;

        SignatureAlgorithm(String curve, String jcaName, int fieldBytes) {
            this.curve = curve;
            this.jcaName = jcaName;
            this.fieldBytes = fieldBytes;
        }

        public String curveName() {
            return curve;
        }

        public String jcaName() {
            return jcaName;
        }

        /** Size of a field element (and so of the compressed point's x coordinate) in bytes. */
        public int fieldBytes() {
            return fieldBytes;
        }
    }

    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final short id;
    private final int version;
    private final int dataKeyLength;
    private final Kdf kdf;
    private final SignatureAlgorithm signature;
    private final boolean committing;

    AlgorithmSuite(int id, int version, int keyLength, Kdf kdf, SignatureAlgorithm signature, boolean committing) {
        this.id = (short) id;
        this.version = version;
        this.dataKeyLength = keyLength;
        this.kdf = kdf;
        this.signature = signature;
        this.committing = committing;
    }

    /** The two-byte suite id written in the header. */
    public short id() {
        return id;
    }

    /** The suite id as four hex digits, e.g. {@code 0578}. */
    public String hexId() {
        return String.format(Locale.ROOT, "%04x", id & 0xffff);
    }

    /** Message format version (1 or 2) that goes with this suite. */
    public int messageFormatVersion() {
        return version;
    }

    /** Length in bytes of the plaintext data key (the key derivation input). */
    public int dataKeyLength() {
        return dataKeyLength;
    }

    /** Length in bytes of the AES key used for content encryption. */
    public int encryptionKeyLength() {
        return dataKeyLength;
    }

    public int ivLength() {
        return IV_LENGTH;
    }

    public int tagLength() {
        return TAG_LENGTH;
    }

    public Kdf kdf() {
        return kdf;
    }

    /** The signature algorithm, or null for unsigned suites. */
    public SignatureAlgorithm signatureAlgorithm() {
        return signature;
    }

    public boolean isSigned() {
        return signature != null;
    }

    public boolean isCommitting() {
        return committing;
    }

    /** Length of the message id in bytes: 16 for version 1, 32 for version 2. */
    public int messageIdLength() {
        return version == 2 ? 32 : 16;
    }

    /** Length of the algorithm suite data (the commit key) in the version 2 header. */
    public int suiteDataLength() {
        return committing ? 32 : 0;
    }

    /** Looks a suite up by its two-byte id. */
    public static AlgorithmSuite fromId(short id) {
        for (AlgorithmSuite s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    /**
     * Parses a suite from its enum name (with or without an {@code ALG_} prefix, case-insensitive) or from its
     * hex id ({@code 0x0578} or {@code 0578}).
     */
    public static AlgorithmSuite parse(String text) {
        String t = text.trim();
        String hex = t.toLowerCase(Locale.ROOT).startsWith("0x") ? t.substring(2) : t;
        if (hex.matches("[0-9a-fA-F]{4}")) {
            AlgorithmSuite s = fromId((short) Integer.parseInt(hex, 16));
            if (s != null) {
                return s;
            }
        }
        String name = t.toUpperCase(Locale.ROOT);
        if (name.startsWith("ALG_")) {
            name = name.substring(4);
        }
        for (AlgorithmSuite s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown algorithm suite: " + text);
    }
}
