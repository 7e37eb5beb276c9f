package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.crypto.Ecdh;
import dev.trent.crypto.SecretBytes;
import java.security.InvalidKeyException;

/** DeriveSharedSecret: ECDH between a KEY_AGREEMENT key and a peer's public key (DER SubjectPublicKeyInfo). */
public final class KeyAgreements {
    private final KeyRegistry registry;

    public KeyAgreements(KeyRegistry registry) {
        this.registry = registry;
    }

    public AsymmetricRequests.SharedSecret deriveSharedSecret(
            RequestContext ctx, AsymmetricRequests.DeriveSharedSecret req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.DERIVE_SHARED_SECRET, req.keyId());
        KmsKey k = e.key();
        KeyStateRules.check(KmsActions.DERIVE_SHARED_SECRET, k);
        if (k.keyUsage() != KeyUsage.KEY_AGREEMENT) throw AsymmetricKeys.wrongUsage(k, "DeriveSharedSecret");
        if (!KeyCapabilities.offers(k.keySpec(), k.keyUsage(), req.keyAgreementAlgorithm())) {
            throw AsymmetricKeys.incompatibleAlgorithm(k, req.keyAgreementAlgorithm(), null);
        }
        AsymmetricKeys.dryRun(req.dryRun());
        Ecdh ecdh = AsymmetricKeys.ecdh(k.keySpec(), e.materials().current());
        try {
            SecretBytes secret = ecdh.deriveSharedSecret(req.publicKey());
            byte[] out = secret.reveal().clone();
            secret.destroy();
            return new AsymmetricRequests.SharedSecret(k.arn(), out, req.keyAgreementAlgorithm(), k.origin());
        } catch (InvalidKeyException ex) {
            throw ServiceException.validation(
                    "PublicKey is not a valid " + k.keySpec().wireName()
                            + " public key: provide a DER-encoded X.509 SubjectPublicKeyInfo on the key's curve.");
        }
    }
}
