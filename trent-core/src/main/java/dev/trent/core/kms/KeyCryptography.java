package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.CryptoRequests.DataKey;
import dev.trent.core.kms.CryptoRequests.Decrypted;
import dev.trent.core.kms.CryptoRequests.Encrypted;
import dev.trent.core.kms.CryptoRequests.RandomBytes;
import dev.trent.core.kms.CryptoRequests.ReEncrypted;
import dev.trent.crypto.AsymmetricEncryption;
import dev.trent.crypto.EncryptionContextEncoding;
import dev.trent.crypto.InvalidCiphertextException;
import dev.trent.crypto.KmsCiphertext;
import dev.trent.crypto.LoadedKeyPair;
import dev.trent.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * The cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom.
 * The hot path: keys come from the registry's view (hash lookups), no lock, no store.
 */
public final class KeyCryptography {
    private final KeyRegistry registry;
    private final SecureRandom random;

    public KeyCryptography(KeyRegistry registry, SecureRandom random) {
        this.registry = registry;
        this.random = random;
    }

    public Encrypted encrypt(RequestContext ctx, CryptoRequests.Encrypt req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.ENCRYPT, req.keyId());
        requireUsable(KmsActions.ENCRYPT, e.key());
        if (asymmetric(e.key())) return encryptAsymmetric(e, req);
        checkAlgorithm(e.key(), req.encryptionAlgorithm());
        dryRun(req.dryRun());
        KeyMaterialInfo m = e.key().currentMaterial();
        byte[] blob = seal(e, m, req.plaintext(), req.encryptionContext());
        return new Encrypted(blob, e.key().arn(), EncryptionAlgorithm.SYMMETRIC_DEFAULT, m.materialId());
    }

    public Decrypted decrypt(RequestContext ctx, CryptoRequests.Decrypt req) {
        KeyEntry named = req.keyId() == null ? null : registry.resolve(ctx, KmsActions.DECRYPT, req.keyId());
        if (named != null && asymmetric(named.key())) return decryptAsymmetric(named, req);
        KmsCiphertext.Header header = header(req.ciphertextBlob());
        KeyEntry e = keyForCiphertext(ctx, KmsActions.DECRYPT, header, named);
        requireUsable(KmsActions.DECRYPT, e.key());
        checkAlgorithm(e.key(), req.encryptionAlgorithm());
        byte[] plaintext = open(e, header, req.ciphertextBlob(), req.encryptionContext());
        if (req.dryRun()) {
            Arrays.fill(plaintext, (byte) 0);
            dryRun(true);
        }
        return new Decrypted(
                plaintext, e.key().arn(), EncryptionAlgorithm.SYMMETRIC_DEFAULT, materialId(e.key(), header));
    }

    public ReEncrypted reEncrypt(RequestContext ctx, CryptoRequests.ReEncrypt req) {
        KmsCiphertext.Header header = header(req.ciphertextBlob());
        KeyEntry src = keyForCiphertext(
                ctx,
                KmsActions.RE_ENCRYPT_FROM,
                header,
                req.sourceKeyId() == null
                        ? null
                        : registry.resolve(ctx, KmsActions.RE_ENCRYPT_FROM, req.sourceKeyId()));
        requireUsable(KmsActions.RE_ENCRYPT_FROM, src.key());
        requireSymmetric(src.key(), "ReEncrypt");
        checkAlgorithm(src.key(), req.sourceEncryptionAlgorithm());
        KeyEntry dst = registry.resolve(ctx, KmsActions.RE_ENCRYPT_TO, req.destinationKeyId());
        requireUsable(KmsActions.RE_ENCRYPT_TO, dst.key());
        requireSymmetric(dst.key(), "ReEncrypt");
        checkAlgorithm(dst.key(), req.destinationEncryptionAlgorithm());
        byte[] plaintext = open(src, header, req.ciphertextBlob(), req.sourceEncryptionContext());
        try {
            dryRun(req.dryRun());
            KeyMaterialInfo m = dst.key().currentMaterial();
            byte[] out = seal(dst, m, plaintext, req.destinationEncryptionContext());
            return new ReEncrypted(
                    out,
                    src.key().arn(),
                    dst.key().arn(),
                    EncryptionAlgorithm.SYMMETRIC_DEFAULT,
                    EncryptionAlgorithm.SYMMETRIC_DEFAULT,
                    materialId(src.key(), header),
                    m.materialId());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public DataKey generateDataKey(RequestContext ctx, CryptoRequests.GenerateDataKey req) {
        return dataKey(ctx, KmsActions.GENERATE_DATA_KEY, req, true);
    }

    public DataKey generateDataKeyWithoutPlaintext(RequestContext ctx, CryptoRequests.GenerateDataKey req) {
        return dataKey(ctx, KmsActions.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, req, false);
    }

    private DataKey dataKey(RequestContext ctx, String action, CryptoRequests.GenerateDataKey req, boolean plain) {
        int length = dataKeyLength(req.numberOfBytes(), req.keySpec());
        KeyEntry e = registry.resolve(ctx, action, req.keyId());
        requireUsable(action, e.key());
        requireSymmetric(e.key(), "GenerateDataKey");
        dryRun(req.dryRun());
        byte[] plaintext = new byte[length];
        random.nextBytes(plaintext);
        KeyMaterialInfo m = e.key().currentMaterial();
        byte[] blob = seal(e, m, plaintext, req.encryptionContext());
        if (!plain) {
            Arrays.fill(plaintext, (byte) 0);
            plaintext = null;
        }
        return new DataKey(blob, plaintext, e.key().arn(), m.materialId());
    }

    public RandomBytes generateRandom(RequestContext ctx, CryptoRequests.GenerateRandom req) {
        if (req.numberOfBytes() == null) {
            throw ServiceException.validation("NumberOfBytes is required.");
        }
        if (req.customKeyStoreId() != null) {
            throw new ServiceException(
                    "CustomKeyStoreNotFoundException",
                    400,
                    "Custom key store '" + req.customKeyStoreId() + "' does not exist.");
        }
        byte[] out = new byte[req.numberOfBytes()];
        random.nextBytes(out);
        return new RandomBytes(out);
    }

    // ------------------------------------------------------------------ asymmetric keys and data key pairs

    /** Resolves a symmetric encryption key for {@code action} (GenerateDataKeyPair*), checking state and usage. */
    KeyEntry symmetricKey(RequestContext ctx, String action, String keyId, String operation) {
        KeyEntry e = registry.resolve(ctx, action, keyId);
        requireUsable(action, e.key());
        requireSymmetric(e.key(), operation);
        return e;
    }

    /** Seals {@code plaintext} under the key's current material, exactly as Encrypt does. */
    Encrypted sealUnder(KeyEntry e, byte[] plaintext, Map<String, String> context) {
        KeyMaterialInfo m = e.key().currentMaterial();
        return new Encrypted(
                seal(e, m, plaintext, context), e.key().arn(), EncryptionAlgorithm.SYMMETRIC_DEFAULT, m.materialId());
    }

    private static boolean asymmetric(KmsKey k) {
        return k.keySpec().materialType() == KeySpec.MaterialType.ASYMMETRIC;
    }

    private Encrypted encryptAsymmetric(KeyEntry e, CryptoRequests.Encrypt req) {
        KmsKey k = e.key();
        EncryptionAlgorithm algorithm = requireAsymmetricAlgorithm(k, req.encryptionAlgorithm());
        if (req.encryptionContext() != null && !req.encryptionContext().isEmpty()) {
            throw ServiceException.validation("EncryptionContext is not supported with asymmetric KMS keys.");
        }
        AsymmetricEncryption.Scheme scheme = AsymmetricEncryption.Scheme.valueOf(algorithm.name());
        LoadedKeyPair keys = AsymmetricKeys.keyPair(k.keySpec(), e.materials().current());
        int max = scheme.maxPlaintext(keys.kind());
        if (req.plaintext().length > max) {
            throw ServiceException.validation("Plaintext is too long for " + algorithm.wireName() + " with "
                    + k.keySpec().wireName() + ": at most " + max + " bytes.");
        }
        dryRun(req.dryRun());
        try {
            byte[] ct = AsymmetricEncryption.encrypt(scheme, keys.publicKey(), req.plaintext(), random);
            return new Encrypted(ct, k.arn(), algorithm, k.currentMaterial().materialId());
        } catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException("encryption with " + k.arn() + " failed", ex);
        }
    }

    private Decrypted decryptAsymmetric(KeyEntry e, CryptoRequests.Decrypt req) {
        KmsKey k = e.key();
        requireUsable(KmsActions.DECRYPT, k);
        EncryptionAlgorithm algorithm = requireAsymmetricAlgorithm(k, req.encryptionAlgorithm());
        if (req.encryptionContext() != null && !req.encryptionContext().isEmpty()) {
            throw ServiceException.validation("EncryptionContext is not supported with asymmetric KMS keys.");
        }
        LoadedKeyPair keys = AsymmetricKeys.keyPair(k.keySpec(), e.materials().current());
        byte[] plaintext;
        try {
            plaintext = AsymmetricEncryption.decrypt(
                    AsymmetricEncryption.Scheme.valueOf(algorithm.name()), keys, req.ciphertextBlob());
        } catch (InvalidCiphertextException ex) {
            throw invalidCiphertext();
        }
        if (req.dryRun()) {
            Arrays.fill(plaintext, (byte) 0);
            dryRun(true);
        }
        return new Decrypted(plaintext, k.arn(), algorithm, null); // KeyMaterialId is for symmetric keys only
    }

    /** Asymmetric keys need the algorithm named (there is no default), and one the key offers. */
    private static EncryptionAlgorithm requireAsymmetricAlgorithm(KmsKey k, EncryptionAlgorithm algorithm) {
        EncryptionAlgorithm a = algorithm == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : algorithm;
        checkAlgorithm(k, a);
        return a;
    }

    /** Operations only symmetric encryption keys do (data keys, ReEncrypt here). */
    private static void requireSymmetric(KmsKey k, String operation) {
        if (k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw new ServiceException(
                    "InvalidKeyUsageException",
                    400,
                    k.arn() + " key spec is " + k.keySpec().wireName() + " which is not valid for " + operation + ".");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int dataKeyLength(Integer numberOfBytes, DataKeySpec keySpec) {
        if (numberOfBytes == null && keySpec == null) {
            throw ServiceException.validation("Please specify either number of bytes or key spec.");
        }
        if (numberOfBytes != null && keySpec != null) {
            throw ServiceException.validation("Please specify either number of bytes or key spec, not both.");
        }
        return keySpec == null ? numberOfBytes : keySpec.bytes();
    }

    /** The key a ciphertext names; with {@code keyId} given, it must be the same key. */
    private KeyEntry keyForCiphertext(RequestContext ctx, String action, KmsCiphertext.Header header, KeyEntry wanted) {
        if (wanted != null) {
            KeyId id = wanted.key().id();
            if (header.multiRegion() != id.multiRegion() || !header.keyId().equals(id.bits())) {
                throw new ServiceException(
                        "IncorrectKeyException",
                        400,
                        "The key ID in the request does not identify a KMS key that can perform this operation.");
            }
            return wanted;
        }
        KeyEntry e = registry.resolveCiphertextKey(ctx, action, header.keyId(), header.multiRegion());
        if (e == null) throw invalidCiphertext();
        return e;
    }

    private byte[] seal(KeyEntry e, KeyMaterialInfo m, byte[] plaintext, Map<String, String> context) {
        KeyId id = e.key().id();
        return KmsCiphertext.encrypt(
                id.bits(),
                id.multiRegion(),
                m.version(),
                symmetric(e.materials().get(m.version())),
                plaintext,
                encodeContext(context),
                random);
    }

    private static byte[] open(KeyEntry e, KmsCiphertext.Header header, byte[] blob, Map<String, String> context) {
        KeyMaterial material = e.materials().get(header.materialVersion());
        // a blob whose header names an asymmetric or HMAC key (altered, or made up) is no ciphertext of that key
        if (!(material instanceof KeyMaterial.Symmetric)) throw invalidCiphertext();
        try {
            return KmsCiphertext.decrypt(blob, symmetric(material), encodeContext(context));
        } catch (InvalidCiphertextException ex) {
            throw invalidCiphertext();
        }
    }

    private static SecretBytes symmetric(KeyMaterial material) {
        if (material instanceof KeyMaterial.Symmetric s) return s.key();
        throw new IllegalStateException("not symmetric key material: " + material);
    }

    private static KmsCiphertext.Header header(byte[] blob) {
        try {
            return KmsCiphertext.peekHeader(blob);
        } catch (InvalidCiphertextException e) {
            throw invalidCiphertext();
        }
    }

    private static ServiceException invalidCiphertext() {
        return ServiceException.invalidCiphertext("The ciphertext is invalid: it is damaged, was not produced by this"
                + " service, or the encryption context does not match the one used to encrypt.");
    }

    private static byte[] encodeContext(Map<String, String> context) {
        try {
            return EncryptionContextEncoding.canonical(context == null ? Map.of() : context);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("The encryption context is not valid: " + e.getMessage());
        }
    }

    private static String materialId(KmsKey k, KmsCiphertext.Header header) {
        for (KeyMaterialInfo m : k.materials()) {
            if (m.version() == header.materialVersion()) return m.materialId();
        }
        return null;
    }

    /** The key's state allows the operation (the key-state table), and its usage is encryption. */
    private static void requireUsable(String action, KmsKey k) {
        KeyStateRules.check(action, k);
        if (k.keyUsage() != KeyUsage.ENCRYPT_DECRYPT) {
            throw new ServiceException(
                    "InvalidKeyUsageException",
                    400,
                    k.arn() + " key usage is " + k.keyUsage().wireName() + " which is not valid for this operation.");
        }
    }

    /** An algorithm named in the request must be one the key offers (the capability table). */
    private static void checkAlgorithm(KmsKey k, EncryptionAlgorithm algorithm) {
        if (algorithm != null && !KeyCapabilities.offers(k.keySpec(), k.keyUsage(), algorithm)) {
            throw new ServiceException(
                    "InvalidKeyUsageException",
                    400,
                    "The encryption algorithm " + algorithm.wireName() + " is not valid for KMS key " + k.arn()
                            + ". Use "
                            + String.join(
                                    ", ",
                                    KeyCapabilities.encryptionAlgorithms(k.keySpec(), k.keyUsage()).stream()
                                            .map(EncryptionAlgorithm::wireName)
                                            .toList())
                            + ".");
        }
    }

    private static void dryRun(boolean dryRun) {
        if (dryRun) {
            throw new ServiceException(
                    "DryRunOperationException", 412, "The request would have succeeded, but the DryRun option is set.");
        }
    }
}
