package dev.trent.sdk.keyring;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Raw RSA keyring (framework/raw-rsa-keyring.md): wraps data keys with a local RSA public key and unwraps them
 * with the private key. The provider id is the key namespace and the provider information is the key name.
 */
public final class RawRsaKeyring implements Keyring {
    private final String keyNamespace;
    private final String keyName;
    private final byte[] keyNameBytes;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final RsaPaddingScheme padding;
    private final SecureRandom random;

    /**
     * @param publicKey used to encrypt; may be null for a decrypt-only keyring
     * @param privateKey used to decrypt; may be null for an encrypt-only keyring
     */
    public RawRsaKeyring(
            String keyNamespace, String keyName, PublicKey publicKey, PrivateKey privateKey, RsaPaddingScheme padding) {
        this(keyNamespace, keyName, publicKey, privateKey, padding, new SecureRandom());
    }

    public RawRsaKeyring(
            String keyNamespace,
            String keyName,
            PublicKey publicKey,
            PrivateKey privateKey,
            RsaPaddingScheme padding,
            SecureRandom random) {
        this.keyNamespace = Objects.requireNonNull(keyNamespace, "keyNamespace");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
        if (keyNamespace.startsWith("aws-kms")) {
            throw new IllegalArgumentException("A raw RSA keyring must not use the aws-kms key namespace");
        }
        if (publicKey == null && privateKey == null) {
            throw new IllegalArgumentException("A raw RSA keyring needs a public key, a private key, or both");
        }
        if (publicKey != null && !"RSA".equals(publicKey.getAlgorithm())
                || privateKey != null && !"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("Raw RSA keyring keys must be RSA keys");
        }
        this.keyNameBytes = keyName.getBytes(StandardCharsets.UTF_8);
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.padding = Objects.requireNonNull(padding, "padding");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        if (publicKey == null) {
            throw new TrentCryptoException(
                    "Raw RSA keyring " + keyNamespace + "/" + keyName + " has no public key to encrypt with");
        }
        EncryptionMaterials m = materials;
        if (!m.hasPlaintextDataKey()) {
            byte[] key = new byte[m.algorithmSuite().dataKeyLength()];
            random.nextBytes(key);
            m = m.withPlaintextDataKey(key);
        }
        try {
            Cipher c = Cipher.getInstance(padding.transformation());
            c.init(Cipher.ENCRYPT_MODE, publicKey, padding.parameters(), random);
            byte[] wrapped = c.doFinal(m.plaintextDataKey());
            return m.withEncryptedDataKey(new EncryptedDataKey(keyNamespace, keyNameBytes, wrapped));
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("Raw RSA keyring failed to wrap the data key", e);
        }
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        if (materials.hasPlaintextDataKey()) {
            throw new IllegalStateException("Decryption materials already contain a plaintext data key");
        }
        if (privateKey == null) {
            throw new CannotUnwrapDataKeyException(
                    "Raw RSA keyring " + keyNamespace + "/" + keyName + " has no private key");
        }
        List<Exception> errors = new ArrayList<>();
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(keyNamespace) || !java.util.Arrays.equals(edk.providerInfo(), keyNameBytes)) {
                continue;
            }
            try {
                Cipher c = Cipher.getInstance(padding.transformation());
                c.init(Cipher.DECRYPT_MODE, privateKey, padding.parameters(), random);
                byte[] key = c.doFinal(edk.ciphertext());
                if (key.length != materials.algorithmSuite().dataKeyLength()) {
                    java.util.Arrays.fill(key, (byte) 0);
                    errors.add(new TrentCryptoException("Raw RSA keyring: unwrapped data key has the wrong length"));
                    continue;
                }
                return materials.withPlaintextDataKey(key);
            } catch (GeneralSecurityException e) {
                errors.add(new TrentCryptoException("Raw RSA keyring " + keyNamespace + "/" + keyName
                        + ": failed to unwrap a data key (" + e.getClass().getSimpleName() + ")"));
            }
        }
        throw new CannotUnwrapDataKeyException(
                "Raw RSA keyring " + keyNamespace + "/" + keyName + " could not decrypt any encrypted data key",
                errors);
    }
}
