package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;

/** GetPublicKey: the public half of an asymmetric key, as DER SubjectPublicKeyInfo, with what the key may do. */
public final class PublicKeys {
    private final KeyRegistry registry;

    public PublicKeys(KeyRegistry registry) {
        this.registry = registry;
    }

    public AsymmetricRequests.PublicKeyInfo getPublicKey(RequestContext ctx, String keyId) {
        KeyEntry e = registry.resolve(ctx, KmsActions.GET_PUBLIC_KEY, keyId);
        KmsKey k = e.key();
        KeyStateRules.check(KmsActions.GET_PUBLIC_KEY, k);
        if (k.keySpec().materialType() != KeySpec.MaterialType.ASYMMETRIC) {
            throw ServiceException.unsupported(
                    k.arn() + " key spec is " + k.keySpec().wireName() + ", which has no public key.");
        }
        KeyMaterial.Asymmetric m = (KeyMaterial.Asymmetric) e.materials().current();
        return new AsymmetricRequests.PublicKeyInfo(
                k.arn(),
                m.publicKeyDer(),
                k.keySpec(),
                k.keyUsage(),
                KeyCapabilities.encryptionAlgorithms(k.keySpec(), k.keyUsage()),
                KeyCapabilities.signingAlgorithms(k.keySpec(), k.keyUsage()),
                KeyCapabilities.keyAgreementAlgorithms(k.keySpec(), k.keyUsage()));
    }
}
