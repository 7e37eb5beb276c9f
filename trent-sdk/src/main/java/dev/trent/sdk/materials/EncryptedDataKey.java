package dev.trent.sdk.materials;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** An encrypted data key: key provider id, key provider information and ciphertext. Immutable. */
public final class EncryptedDataKey {
    private final String providerId;
    private final byte[] providerInfo;
    private final byte[] ciphertext;

    public EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.providerInfo = providerInfo.clone();
        this.ciphertext = ciphertext.clone();
    }

    public String providerId() {
        return providerId;
    }

    public byte[] providerInfo() {
        return providerInfo.clone();
    }

    /** The provider information decoded as UTF-8 (a key ARN for {@code aws-kms}, a key name for raw RSA). */
    public String providerInfoString() {
        return new String(providerInfo, StandardCharsets.UTF_8);
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    int providerInfoLength() {
        return providerInfo.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedDataKey e
                && providerId.equals(e.providerId)
                && Arrays.equals(providerInfo, e.providerInfo)
                && Arrays.equals(ciphertext, e.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, Arrays.hashCode(providerInfo), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "EncryptedDataKey[" + providerId + ", " + providerInfo.length + " info bytes, " + ciphertext.length
                + " ciphertext bytes]";
    }
}
