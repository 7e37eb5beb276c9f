package dev.trent.sdk.keyring;

import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.util.List;

/**
 * A keyring generates, encrypts and decrypts data keys (framework/keyring-interface.md).
 *
 * <p>{@link #onEncrypt} returns materials that hold a plaintext data key (generating one if the input has none)
 * plus the keyring's encrypted data key(s). {@link #onDecrypt} returns materials holding the plaintext data key
 * obtained from one of the encrypted data keys, or throws if none could be decrypted.
 */
public interface Keyring {
    EncryptionMaterials onEncrypt(EncryptionMaterials materials);

    DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys);
}
