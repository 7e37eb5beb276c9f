package dev.trent.sdk.materials;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.BadCiphertextException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.internal.EcKeys;
import dev.trent.sdk.keyring.Keyring;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The default CMM: picks the suite, creates the signing key for signed suites, and calls one keyring. */
public final class DefaultCryptoMaterialsManager implements CryptoMaterialsManager {
    /** Reserved encryption context key holding the base64 compressed ECDSA verification key. */
    public static final String PUBLIC_KEY_FIELD = "aws-crypto-public-key";

    private final Keyring keyring;
    private final SecureRandom random;

    public DefaultCryptoMaterialsManager(Keyring keyring) {
        this(keyring, new SecureRandom());
    }

    public DefaultCryptoMaterialsManager(Keyring keyring, SecureRandom random) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Keyring keyring() {
        return keyring;
    }

    @Override
    public EncryptionMaterials getEncryptionMaterials(EncryptionMaterialsRequest request) {
        AlgorithmSuite suite = request.requestedSuite() != null
                ? request.requestedSuite()
                : request.commitmentPolicy().defaultSuite();
        if (!request.commitmentPolicy().allowsEncrypt(suite)) {
            throw new TrentCryptoException("Algorithm suite " + suite
                    + " is not allowed for encryption by commitment policy " + request.commitmentPolicy());
        }
        Map<String, String> ec = new LinkedHashMap<>(request.encryptionContext());
        if (ec.containsKey(PUBLIC_KEY_FIELD)) {
            throw new TrentCryptoException(
                    "The encryption context must not contain the reserved key " + PUBLIC_KEY_FIELD);
        }
        PrivateKey signingKey = null;
        if (suite.isSigned()) {
            KeyPair kp = EcKeys.generate(suite.signatureAlgorithm(), random);
            signingKey = kp.getPrivate();
            ec.put(PUBLIC_KEY_FIELD, EcKeys.encodePublicKey(kp.getPublic(), suite.signatureAlgorithm()));
        }
        EncryptionMaterials in = EncryptionMaterials.create(suite, ec, signingKey);
        EncryptionMaterials out = keyring.onEncrypt(in);
        if (out == null || !out.hasPlaintextDataKey()) {
            throw new TrentCryptoException("The keyring did not produce a plaintext data key");
        }
        if (out.encryptedDataKeys().isEmpty()) {
            out.destroy();
            throw new TrentCryptoException("The keyring did not produce any encrypted data key");
        }
        if (out.algorithmSuite() != suite || !out.encryptionContext().equals(ec)) {
            out.destroy();
            throw new TrentCryptoException("The keyring changed the algorithm suite or the encryption context");
        }
        return out;
    }

    @Override
    public DecryptionMaterials decryptMaterials(DecryptionMaterialsRequest request) {
        AlgorithmSuite suite = request.algorithmSuite();
        if (!request.commitmentPolicy().allowsDecrypt(suite)) {
            throw new TrentCryptoException("Algorithm suite " + suite
                    + " is not allowed for decryption by commitment policy " + request.commitmentPolicy());
        }
        String encodedKey = request.encryptionContext().get(PUBLIC_KEY_FIELD);
        PublicKey verificationKey = null;
        if (suite.isSigned()) {
            if (encodedKey == null) {
                throw new BadCiphertextException(
                        "Signed message lacks the " + PUBLIC_KEY_FIELD + " encryption context entry");
            }
            verificationKey = EcKeys.decodePublicKey(encodedKey, suite.signatureAlgorithm());
        } else if (encodedKey != null) {
            throw new BadCiphertextException(
                    "Unsigned message carries a " + PUBLIC_KEY_FIELD + " encryption context entry");
        }
        DecryptionMaterials in = DecryptionMaterials.create(suite, request.encryptionContext(), verificationKey);
        DecryptionMaterials out = keyring.onDecrypt(in, request.encryptedDataKeys());
        if (out == null || !out.hasPlaintextDataKey()) {
            throw new TrentCryptoException("The keyring did not produce a plaintext data key");
        }
        return out;
    }
}
