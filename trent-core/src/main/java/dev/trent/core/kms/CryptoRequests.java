package dev.trent.core.kms;

import java.util.Map;

/** The typed requests and results of {@link KeyCryptography}. Absent optional members are null. */
public final class CryptoRequests {
    private CryptoRequests() {}

    public record Encrypt(
            String keyId,
            byte[] plaintext,
            Map<String, String> encryptionContext,
            EncryptionAlgorithm encryptionAlgorithm,
            boolean dryRun) {}

    public record Decrypt(
            byte[] ciphertextBlob,
            Map<String, String> encryptionContext,
            String keyId,
            EncryptionAlgorithm encryptionAlgorithm,
            boolean dryRun) {}

    public record ReEncrypt(
            byte[] ciphertextBlob,
            Map<String, String> sourceEncryptionContext,
            String sourceKeyId,
            String destinationKeyId,
            Map<String, String> destinationEncryptionContext,
            EncryptionAlgorithm sourceEncryptionAlgorithm,
            EncryptionAlgorithm destinationEncryptionAlgorithm,
            boolean dryRun) {}

    /** GenerateDataKey and GenerateDataKeyWithoutPlaintext: exactly one of numberOfBytes and keySpec. */
    public record GenerateDataKey(
            String keyId,
            Map<String, String> encryptionContext,
            Integer numberOfBytes,
            DataKeySpec keySpec,
            boolean dryRun) {}

    public record GenerateRandom(Integer numberOfBytes, String customKeyStoreId) {}

    public record Encrypted(
            byte[] ciphertextBlob, String keyArn, EncryptionAlgorithm encryptionAlgorithm, String keyMaterialId) {}

    public record Decrypted(
            byte[] plaintext, String keyArn, EncryptionAlgorithm encryptionAlgorithm, String keyMaterialId) {}

    public record ReEncrypted(
            byte[] ciphertextBlob,
            String sourceKeyArn,
            String keyArn,
            EncryptionAlgorithm sourceEncryptionAlgorithm,
            EncryptionAlgorithm destinationEncryptionAlgorithm,
            String sourceKeyMaterialId,
            String destinationKeyMaterialId) {}

    /** A data key: its ciphertext, and its plaintext unless asked for without (then null). */
    public record DataKey(byte[] ciphertextBlob, byte[] plaintext, String keyArn, String keyMaterialId) {}

    public record RandomBytes(byte[] plaintext) {}
}
