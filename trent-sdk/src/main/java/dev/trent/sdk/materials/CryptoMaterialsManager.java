package dev.trent.sdk.materials;

/**
 * Cryptographic materials manager (CMM). Materials returned to the caller belong to the caller, which zeroes
 * their plaintext data key once the message is done; implementations that keep materials (caches) must return
 * copies.
 */
public interface CryptoMaterialsManager {
    EncryptionMaterials getEncryptionMaterials(EncryptionMaterialsRequest request);

    DecryptionMaterials decryptMaterials(DecryptionMaterialsRequest request);
}
