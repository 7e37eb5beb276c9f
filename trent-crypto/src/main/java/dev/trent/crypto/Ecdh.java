package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * ECDH (SP 800-56A ECC CDH primitive; the cofactor is 1 on every curve here) on NIST P-256/384/521 and SM2, through
 * BouncyCastle's provider, which decodes the peer's point (rejecting points off the curve and the identity) and
 * refuses a peer on another curve. Returns the x-coordinate of the shared point, as AWS KMS DeriveSharedSecret does.
 */
public final class Ecdh implements KeyAgreement {
    private final PrivateKey privateKey;
    private final ECPublicKey ownPublic;

    /** @param keys an EC key pair (P-256, P-384, P-521 or SM2) */
    public Ecdh(LoadedKeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        try {
            java.security.KeyFactory f = java.security.KeyFactory.getInstance("EC", BouncyCastle.PROVIDER);
            byte[] pkcs8 = keys.privateKey().getEncoded();
            try {
                this.privateKey = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } finally {
                java.util.Arrays.fill(pkcs8, (byte) 0);
            }
            this.ownPublic = (ECPublicKey)
                    f.generatePublic(new X509EncodedKeySpec(keys.publicKey().getEncoded()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC key pair: " + keys.kind(), e);
        }
    }

    @Override
    public SecretBytes deriveSharedSecret(byte[] peerPublicKey) throws InvalidKeyException {
        Objects.requireNonNull(peerPublicKey, "peerPublicKey");
        PublicKey peer;
        try {
            peer = java.security.KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(peerPublicKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("the peer public key is not a valid EC SubjectPublicKeyInfo", e);
        }
        if (!(peer instanceof ECPublicKey ec) || !sameCurve(ec)) {
            throw new InvalidKeyException("the peer public key is not on this key's curve");
        }
        try {
            javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("ECDH", BouncyCastle.PROVIDER);
            ka.init(privateKey);
            ka.doPhase(peer, true);
            return SecretBytes.wrap(ka.generateSecret());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("key agreement with the peer public key failed", e);
        }
    }

    private boolean sameCurve(ECPublicKey peer) {
        var a = ownPublic.getParams();
        var b = peer.getParams();
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    @Override
    public String toString() {
        return "Ecdh";
    }
}
