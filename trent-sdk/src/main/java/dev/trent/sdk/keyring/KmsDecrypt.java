package dev.trent.sdk.keyring;

import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/** The KMS Decrypt call shared by the KMS keyrings. */
final class KmsDecrypt {
    private KmsDecrypt() {}

    /** Returns materials with the data key, or null after recording the failure in {@code errors}. */
    static DecryptionMaterials attempt(
            KmsClient client,
            String keyArn,
            EncryptedDataKey edk,
            DecryptionMaterials materials,
            List<String> grantTokens,
            List<Exception> errors) {
        DecryptResponse r;
        try {
            r = client.decrypt(b -> b.keyId(keyArn)
                    .ciphertextBlob(SdkBytes.fromByteArray(edk.ciphertext()))
                    .encryptionContext(materials.encryptionContext())
                    .grantTokens(grantTokens));
        } catch (RuntimeException e) {
            errors.add(new TrentCryptoException("KMS Decrypt failed for " + keyArn + ": " + e.getMessage(), e));
            return null;
        }
        byte[] plaintext = r.plaintext() == null ? null : r.plaintext().asByteArrayUnsafe();
        if (!keyArn.equals(r.keyId())) {
            Bytes.zero(plaintext);
            errors.add(new TrentCryptoException("KMS Decrypt answered for key " + r.keyId() + " instead of " + keyArn));
            return null;
        }
        if (plaintext == null || plaintext.length != materials.algorithmSuite().dataKeyLength()) {
            Bytes.zero(plaintext);
            errors.add(new TrentCryptoException("KMS Decrypt returned a data key of the wrong length for " + keyArn));
            return null;
        }
        return materials.withPlaintextDataKey(plaintext);
    }
}
