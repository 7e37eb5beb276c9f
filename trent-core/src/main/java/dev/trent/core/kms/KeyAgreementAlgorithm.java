package dev.trent.core.kms;

/** {@code KeyAgreementAlgorithmSpec}. */
public enum KeyAgreementAlgorithm implements KeyAlgorithm {
    ECDH;

    @Override
    public String wireName() {
        return name();
    }

    public static KeyAgreementAlgorithm fromWire(String wireName) {
        return valueOf(wireName);
    }
}
