package dev.trent.core.kms;

/** {@code EncryptionAlgorithmSpec}. */
public enum EncryptionAlgorithm implements KeyAlgorithm {
    SYMMETRIC_DEFAULT,
    RSAES_OAEP_SHA_1,
    RSAES_OAEP_SHA_256,
    SM2PKE;

    @Override
    public String wireName() {
        return name();
    }

    public static EncryptionAlgorithm fromWire(String wireName) {
        return valueOf(wireName);
    }
}
