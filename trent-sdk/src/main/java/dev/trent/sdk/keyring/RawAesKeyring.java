package dev.trent.sdk.keyring;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.EncryptionContextCodec;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw AES keyring: wraps data keys locally with AES-GCM under a caller-held wrapping key
 * (framework/raw-aes-keyring.md). Compatible with the official SDK's raw AES keyring and {@code JceMasterKey}
 * for AES: the key namespace is the provider id, and the key name starts the provider information.
 */
public final class RawAesKeyring implements Keyring {
    private static final int IV_LEN = 12;
    private static final int TAG_LEN = 16;

    private final String keyNamespace;
    private final String keyName;
    private final byte[] keyNameBytes;
    private final SecretKeySpec wrappingKey;
    private final SecureRandom random;

    public RawAesKeyring(String keyNamespace, String keyName, byte[] wrappingKey) {
        this(keyNamespace, keyName, wrappingKey, new SecureRandom());
    }

    public RawAesKeyring(String keyNamespace, String keyName, byte[] wrappingKey, SecureRandom random) {
        this.keyNamespace = Objects.requireNonNull(keyNamespace, "keyNamespace");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
        if (keyNamespace.startsWith("aws-kms")) {
            throw new IllegalArgumentException("A raw AES keyring must not use the aws-kms key namespace");
        }
        int len = wrappingKey.length;
        if (len != 16 && len != 24 && len != 32) {
            throw new IllegalArgumentException("AES wrapping key must be 128, 192 or 256 bits, not " + len * 8);
        }
        this.keyNameBytes = keyName.getBytes(StandardCharsets.UTF_8);
        this.wrappingKey = new SecretKeySpec(wrappingKey, "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    public String keyNamespace() {
        return keyNamespace;
    }

    public String keyName() {
        return keyName;
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        EncryptionMaterials m = materials;
        if (!m.hasPlaintextDataKey()) {
            byte[] key = new byte[m.algorithmSuite().dataKeyLength()];
            random.nextBytes(key);
            m = m.withPlaintextDataKey(key);
        }
        byte[] aad = EncryptionContextCodec.serialize(m.encryptionContext());
        byte[] iv = new byte[IV_LEN];
        random.nextBytes(iv);
        byte[] wrapped;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_LEN * 8, iv));
            c.updateAAD(aad);
            wrapped = c.doFinal(m.plaintextDataKey());
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("Raw AES keyring failed to wrap the data key", e);
        }
        ByteBuffer info = ByteBuffer.allocate(keyNameBytes.length + 8 + IV_LEN);
        info.put(keyNameBytes).putInt(TAG_LEN * 8).putInt(IV_LEN).put(iv);
        return m.withEncryptedDataKey(new EncryptedDataKey(keyNamespace, info.array(), wrapped));
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        if (materials.hasPlaintextDataKey()) {
            throw new IllegalStateException("Decryption materials already contain a plaintext data key");
        }
        byte[] aad = EncryptionContextCodec.serialize(materials.encryptionContext());
        List<Exception> errors = new ArrayList<>();
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(keyNamespace)) {
                continue;
            }
            byte[] info = edk.providerInfo();
            if (info.length != keyNameBytes.length + 8 + IV_LEN
                    || !Arrays.equals(info, 0, keyNameBytes.length, keyNameBytes, 0, keyNameBytes.length)) {
                continue;
            }
            int off = keyNameBytes.length;
            if (Bytes.getU32(info, off) != TAG_LEN * 8 || Bytes.getU32(info, off + 4) != IV_LEN) {
                continue;
            }
            byte[] iv = Arrays.copyOfRange(info, off + 8, off + 8 + IV_LEN);
            byte[] ct = edk.ciphertext();
            if (ct.length != materials.algorithmSuite().dataKeyLength() + TAG_LEN) {
                continue;
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_LEN * 8, iv));
                c.updateAAD(aad);
                return materials.withPlaintextDataKey(c.doFinal(ct));
            } catch (AEADBadTagException e) {
                errors.add(new TrentCryptoException("Raw AES keyring " + keyNamespace + "/" + keyName
                        + ": data key authentication failed (wrong key or encryption context)"));
            } catch (GeneralSecurityException e) {
                errors.add(new TrentCryptoException("Raw AES keyring failed to unwrap a data key", e));
            }
        }
        throw new CannotUnwrapDataKeyException(
                "Raw AES keyring " + keyNamespace + "/" + keyName + " could not decrypt any encrypted data key",
                errors);
    }
}
