package dev.trent.core.kms;

/** {@code MacAlgorithmSpec}. */
public enum MacAlgorithm implements KeyAlgorithm {
    HMAC_SHA_224,
    HMAC_SHA_256,
    HMAC_SHA_384,
    HMAC_SHA_512;

    @Override
    public String wireName() {
        return name();
    }

    public static MacAlgorithm fromWire(String wireName) {
        return valueOf(wireName);
    }
}
