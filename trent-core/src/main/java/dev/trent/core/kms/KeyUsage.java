package dev.trent.core.kms;

/** The key usages of the AWS KMS API ({@code KeyUsageType}), each with the kind of algorithm it offers. */
public enum KeyUsage {
    ENCRYPT_DECRYPT(EncryptionAlgorithm.class),
    SIGN_VERIFY(SigningAlgorithm.class),
    GENERATE_VERIFY_MAC(MacAlgorithm.class),
    KEY_AGREEMENT(KeyAgreementAlgorithm.class);

    private final Class<? extends KeyAlgorithm> algorithmType;

    KeyUsage(Class<? extends KeyAlgorithm> algorithmType) {
        this.algorithmType = algorithmType;
    }

    /** The enum of the algorithms a key of this usage offers. */
    public Class<? extends KeyAlgorithm> algorithmType() {
        return algorithmType;
    }

    public String wireName() {
        return name();
    }

    public static KeyUsage fromWire(String wireName) {
        return valueOf(wireName);
    }
}
