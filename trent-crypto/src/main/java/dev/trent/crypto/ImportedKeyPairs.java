package dev.trent.crypto;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Asymmetric key material that a user imports (KMS {@code ImportKeyMaterial}): a PKCS#8 private key, checked to be
 * of the expected {@link KeyPairKind} (RSA modulus size, named curve), with its public key derived from it, so the
 * pair is stored exactly like a pair Trent generates.
 */
public final class ImportedKeyPairs {
    private static final Map<KeyPairKind, String> CURVES = Map.of(
            KeyPairKind.EC_P256, "1.2.840.10045.3.1.7",
            KeyPairKind.EC_P384, "1.3.132.0.34",
            KeyPairKind.EC_P521, "1.3.132.0.35",
            KeyPairKind.EC_SECP256K1, "1.3.132.0.10",
            KeyPairKind.SM2, "1.2.156.10197.1.301");

    private ImportedKeyPairs() {}

    /**
     * The pair of a PKCS#8 private key of {@code kind}: the private key as the provider encodes it (owned by the
     * caller) and the derived public key (X.509 SubjectPublicKeyInfo DER).
     *
     * @throws InvalidKeyException if {@code pkcs8} is not a private key of {@code kind}
     */
    public static KeyPairKind.Generated fromPrivateKey(KeyPairKind kind, byte[] pkcs8) throws InvalidKeyException {
        SubjectPublicKeyInfo spki;
        try {
            AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(pkcs8);
            if (priv instanceof RSAPrivateCrtKeyParameters r && kind.isRsa()) {
                if (r.getModulus().bitLength() != kind.rsaBits()) {
                    throw new InvalidKeyException(
                            "an RSA key of " + r.getModulus().bitLength() + " bits, not " + kind.rsaBits());
                }
                spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                        new RSAKeyParameters(false, r.getModulus(), r.getPublicExponent()));
            } else if (priv instanceof ECPrivateKeyParameters e && CURVES.containsKey(kind)) {
                ECPoint q = new FixedPointCombMultiplier()
                        .multiply(e.getParameters().getG(), e.getD())
                        .normalize();
                // the curve as the PKCS#8 names it (a named curve, as AWS requires)
                Object curve = PrivateKeyInfo.getInstance(pkcs8)
                        .getPrivateKeyAlgorithm()
                        .getParameters();
                if (!(curve instanceof ASN1ObjectIdentifier oid) || !oid.getId().equals(CURVES.get(kind))) {
                    throw new InvalidKeyException("not a key on the curve of " + kind);
                }
                spki = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, oid), q.getEncoded(false));
            } else if (priv instanceof Ed25519PrivateKeyParameters ed && kind == KeyPairKind.ED25519) {
                spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(ed.generatePublicKey());
            } else {
                throw new InvalidKeyException("not a private key of " + kind);
            }
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidKeyException("not a PKCS#8 private key", e);
        }
        byte[] publicDer;
        try {
            publicDer = spki.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new InvalidKeyException("cannot encode the public key", e);
        }
        SecretBytes given = SecretBytes.copyOf(pkcs8);
        try {
            LoadedKeyPair loaded = kind.load(given, publicDer);
            byte[] normalized = loaded.privateKey().getEncoded();
            return new KeyPairKind.Generated(
                    SecretBytes.wrap(normalized), loaded.publicKey().getEncoded());
        } catch (IllegalStateException e) {
            throw new InvalidKeyException("not a private key of " + kind, e);
        } finally {
            given.destroy();
            Arrays.fill(publicDer, (byte) 0);
        }
    }
}
