package dev.trent.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * The kinds of asymmetric key pair Trent makes (the asymmetric KMS key specs and data key pair specs), each with the
 * provider that generates and parses it: the JDK for RSA, the NIST curves and Ed25519; BouncyCastle for secp256k1,
 * SM2 and ML-DSA. Private keys are PKCS#8 DER, public keys X.509 {@code SubjectPublicKeyInfo} DER.
 */
public enum KeyPairKind {
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), false),
    RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), false),
    RSA_4096("RSA", new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), false),
    EC_P256("EC", new ECGenParameterSpec("secp256r1"), false),
    EC_P384("EC", new ECGenParameterSpec("secp384r1"), false),
    EC_P521("EC", new ECGenParameterSpec("secp521r1"), false),
    EC_SECP256K1("EC", new ECGenParameterSpec("secp256k1"), true),
    ED25519("Ed25519", java.security.spec.NamedParameterSpec.ED25519, false),
    ML_DSA_44("ML-DSA", org.bouncycastle.jcajce.spec.MLDSAParameterSpec.ml_dsa_44, true),
    ML_DSA_65("ML-DSA", org.bouncycastle.jcajce.spec.MLDSAParameterSpec.ml_dsa_65, true),
    ML_DSA_87("ML-DSA", org.bouncycastle.jcajce.spec.MLDSAParameterSpec.ml_dsa_87, true),
    SM2("EC", new ECGenParameterSpec("sm2p256v1"), true);

    private final String algorithm;
    private final AlgorithmParameterSpec parameters;
    private final boolean bouncyCastle;

    KeyPairKind(String algorithm, AlgorithmParameterSpec parameters, boolean bouncyCastle) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.bouncyCastle = bouncyCastle;
    }

    /** A generated pair: the PKCS#8 private key (secret, owned by the caller) and the SPKI public key. */
    public record Generated(SecretBytes privateKeyPkcs8, byte[] publicKeyDer) {
        public Generated {
            Objects.requireNonNull(privateKeyPkcs8, "privateKeyPkcs8");
            Objects.requireNonNull(publicKeyDer, "publicKeyDer");
        }
    }

    /** The provider that generates and parses keys of this kind. */
    public Provider provider() {
        return bouncyCastle ? BouncyCastle.PROVIDER : null;
    }

    public boolean isRsa() {
        return algorithm.equals("RSA");
    }

    /** RSA modulus length in bits; 0 for the other kinds. */
    public int rsaBits() {
        return parameters instanceof RSAKeyGenParameterSpec r ? r.getKeysize() : 0;
    }

    /** Generates a fresh key pair from {@code random}. */
    public Generated generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator g = bouncyCastle
                    ? KeyPairGenerator.getInstance(algorithm, BouncyCastle.PROVIDER)
                    : KeyPairGenerator.getInstance(algorithm);
            g.initialize(parameters, random);
            KeyPair kp = g.generateKeyPair();
            byte[] pkcs8 = kp.getPrivate().getEncoded();
            return new Generated(SecretBytes.wrap(pkcs8), kp.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** Parses both halves of a stored pair once, for repeated use. */
    public LoadedKeyPair load(SecretBytes privateKeyPkcs8, byte[] publicKeyDer) {
        try {
            KeyFactory f = keyFactory();
            byte[] pkcs8 = privateKeyPkcs8.reveal();
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
            return new LoadedKeyPair(
                    this, f.generatePrivate(spec), f.generatePublic(new X509EncodedKeySpec(publicKeyDer)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + this + " key material does not parse", e);
        }
    }

    /** Parses a public key of this kind; {@link java.security.InvalidKeyException} if it is not one. */
    public java.security.PublicKey publicKey(byte[] spki) throws java.security.InvalidKeyException {
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(Arrays.copyOf(spki, spki.length)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new java.security.InvalidKeyException("not a valid " + this + " public key", e);
        }
    }

    KeyFactory keyFactory() throws GeneralSecurityException {
        return bouncyCastle
                ? KeyFactory.getInstance(algorithm, BouncyCastle.PROVIDER)
                : KeyFactory.getInstance(algorithm);
    }
}
