package dev.trent.core.kms;

/** {@code DataKeySpec}: the data keys GenerateDataKey makes, by length. */
public enum DataKeySpec {
    AES_256(32),
    AES_128(16);

    private final int bytes;

    DataKeySpec(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public static DataKeySpec fromWire(String wireName) {
        return valueOf(wireName);
    }
}
