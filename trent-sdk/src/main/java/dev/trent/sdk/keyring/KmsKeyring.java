package dev.trent.sdk.keyring;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * AWS KMS keyring (framework/aws-kms/aws-kms-keyring.md) for one KMS key. Works with any {@link KmsClient}:
 * Trent's endpoint or AWS KMS itself.
 *
 * <p>As a generator it calls {@code GenerateDataKey}; as a child of a multi-keyring it calls {@code Encrypt}. The
 * encrypted data key has provider id {@code aws-kms} and the key ARN returned by KMS as provider information. On
 * decrypt it only tries encrypted data keys whose provider information equals the configured key identifier, so
 * configure it with a key ARN to decrypt.
 */
public final class KmsKeyring implements Keyring {
    public static final String PROVIDER_ID = "aws-kms";

    private final KmsClient client;
    private final String keyId;
    private final List<String> grantTokens;

    public KmsKeyring(KmsClient client, String keyId) {
        this(client, keyId, List.of());
    }

    public KmsKeyring(KmsClient client, String keyId, List<String> grantTokens) {
        this.client = Objects.requireNonNull(client, "client");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("KMS key identifier must not be empty");
        }
        this.keyId = keyId;
        this.grantTokens = List.copyOf(grantTokens);
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        int keyLen = materials.algorithmSuite().dataKeyLength();
        if (!materials.hasPlaintextDataKey()) {
            GenerateDataKeyResponse r;
            try {
                r = client.generateDataKey(b -> b.keyId(keyId)
                        .numberOfBytes(keyLen)
                        .encryptionContext(materials.encryptionContext())
                        .grantTokens(grantTokens));
            } catch (RuntimeException e) {
                throw new TrentCryptoException("KMS GenerateDataKey failed for " + keyId + ": " + e.getMessage(), e);
            }
            byte[] plaintext = r.plaintext() == null ? null : r.plaintext().asByteArrayUnsafe();
            if (plaintext == null || plaintext.length != keyLen) {
                Bytes.zero(plaintext);
                throw new TrentCryptoException("KMS GenerateDataKey returned a data key of the wrong length");
            }
            if (KmsArn.parseOrNull(r.keyId()) == null) {
                Bytes.zero(plaintext);
                throw new TrentCryptoException("KMS GenerateDataKey returned an invalid key ARN: " + r.keyId());
            }
            return materials
                    .withPlaintextDataKey(plaintext)
                    .withEncryptedDataKey(new EncryptedDataKey(
                            PROVIDER_ID,
                            r.keyId().getBytes(StandardCharsets.UTF_8),
                            r.ciphertextBlob().asByteArrayUnsafe()));
        }
        EncryptResponse r;
        try {
            r = client.encrypt(b -> b.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(materials.plaintextDataKey()))
                    .encryptionContext(materials.encryptionContext())
                    .grantTokens(grantTokens));
        } catch (RuntimeException e) {
            throw new TrentCryptoException("KMS Encrypt failed for " + keyId + ": " + e.getMessage(), e);
        }
        if (KmsArn.parseOrNull(r.keyId()) == null) {
            throw new TrentCryptoException("KMS Encrypt returned an invalid key ARN: " + r.keyId());
        }
        return materials.withEncryptedDataKey(new EncryptedDataKey(
                PROVIDER_ID,
                r.keyId().getBytes(StandardCharsets.UTF_8),
                r.ciphertextBlob().asByteArrayUnsafe()));
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        if (materials.hasPlaintextDataKey()) {
            throw new IllegalStateException("Decryption materials already contain a plaintext data key");
        }
        List<Exception> errors = new ArrayList<>();
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(PROVIDER_ID)) {
                continue;
            }
            String info = edk.providerInfoString();
            KmsArn arn = KmsArn.parseOrNull(info);
            if (arn == null || !arn.isKey()) {
                throw new TrentCryptoException("Encrypted data key has an invalid aws-kms key ARN: " + info);
            }
            if (!info.equals(keyId)) {
                continue;
            }
            DecryptionMaterials out = KmsDecrypt.attempt(client, keyId, edk, materials, grantTokens, errors);
            if (out != null) {
                return out;
            }
        }
        throw new CannotUnwrapDataKeyException(
                "KMS keyring " + keyId + " could not decrypt any encrypted data key"
                        + (errors.isEmpty() ? " (no encrypted data key for this key ARN)" : ""),
                errors);
    }
}
