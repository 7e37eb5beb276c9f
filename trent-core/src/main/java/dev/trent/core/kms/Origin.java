package dev.trent.core.kms;

/** Where a key's material comes from ({@code OriginType}). */
public enum Origin {
    AWS_KMS,
    EXTERNAL,
    AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE;

    public String wireName() {
        return name();
    }

    public static Origin fromWire(String wireName) {
        return valueOf(wireName);
    }
}
