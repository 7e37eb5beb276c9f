package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.crypto.KeyPairKind;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair of any {@code DataKeyPairSpec},
 * its PKCS#8 private key encrypted under a symmetric encryption key with the encryption context exactly as Encrypt
 * would (so Decrypt returns the PKCS#8 bytes), and its public key as DER SubjectPublicKeyInfo.
 */
public final class DataKeyPairs {
    private final KeyCryptography crypto;
    private final SecureRandom random;

    public DataKeyPairs(KeyCryptography crypto, SecureRandom random) {
        this.crypto = crypto;
        this.random = random;
    }

    public AsymmetricRequests.DataKeyPair generateDataKeyPair(
            RequestContext ctx, AsymmetricRequests.GenerateDataKeyPair req) {
        return generate(ctx, KmsActions.GENERATE_DATA_KEY_PAIR, "GenerateDataKeyPair", req, true);
    }

    public AsymmetricRequests.DataKeyPair generateDataKeyPairWithoutPlaintext(
            RequestContext ctx, AsymmetricRequests.GenerateDataKeyPair req) {
        return generate(
                ctx,
                KmsActions.GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT,
                "GenerateDataKeyPairWithoutPlaintext",
                req,
                false);
    }

    private AsymmetricRequests.DataKeyPair generate(
            RequestContext ctx,
            String action,
            String operation,
            AsymmetricRequests.GenerateDataKeyPair req,
            boolean withPlaintext) {
        KeyEntry e = crypto.symmetricKey(ctx, action, req.keyId(), operation);
        AsymmetricKeys.dryRun(req.dryRun());
        KeyPairKind.Generated pair =
                AsymmetricKeys.kind(req.keyPairSpec().keySpec()).generate(random);
        try {
            byte[] pkcs8 = pair.privateKeyPkcs8().reveal();
            CryptoRequests.Encrypted sealed = crypto.sealUnder(e, pkcs8, req.encryptionContext());
            return new AsymmetricRequests.DataKeyPair(
                    sealed.ciphertextBlob(),
                    withPlaintext ? Arrays.copyOf(pkcs8, pkcs8.length) : null,
                    pair.publicKeyDer(),
                    sealed.keyArn(),
                    req.keyPairSpec(),
                    sealed.keyMaterialId());
        } finally {
            pair.privateKeyPkcs8().destroy();
        }
    }
}
