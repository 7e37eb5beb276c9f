package dev.trent.crypto;

import dev.trent.crypto.SignatureScheme.MessageMode;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.pqc.crypto.mldsa.MLDSASigner;

/**
 * {@link Signer}s and {@link Verifier}s for every {@link SignatureScheme}, from the JDK where it has the primitive
 * (RSA, ECDSA on the NIST curves, Ed25519) and BouncyCastle otherwise (secp256k1, SM2, ML-DSA, and the digest forms
 * of RSASSA-PSS and SM2DSA). Signatures are in the encodings AWS KMS returns (DER for ECDSA and SM2).
 */
public final class Signatures {
    /** SM2's default distinguishing identifier (GB/T 32918), as AWS KMS uses it. */
    private static final byte[] SM2_ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final HexFormat HEX = HexFormat.of();
    // DigestInfo prefixes of RFC 8017, section 9.2, note 1.
    private static final byte[] SHA256_INFO = HEX.parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA384_INFO = HEX.parseHex("3041300d060960864801650304020205000430");
    private static final byte[] SHA512_INFO = HEX.parseHex("3051300d060960864801650304020305000440");

    private Signatures() {}

    /** A signer for {@code scheme} over input of {@code mode} with the private key of {@code keys}. */
    public static dev.trent.crypto.Signer signer(
            SignatureScheme scheme, MessageMode mode, LoadedKeyPair keys, SecureRandom random) {
        check(scheme, mode);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(random, "random");
        return message -> {
            checkLength(scheme, mode, message);
            return sign(scheme, mode, keys, random, message);
        };
    }

    /** A verifier for {@code scheme} over input of {@code mode} with {@code publicKey}. */
    public static Verifier verifier(SignatureScheme scheme, MessageMode mode, KeyPairKind kind, PublicKey publicKey) {
        check(scheme, mode);
        Objects.requireNonNull(publicKey, "publicKey");
        return (signature, message) -> {
            Objects.requireNonNull(message, "message");
            boolean ok;
            try {
                checkLength(scheme, mode, message);
                ok = signature != null && verify(scheme, mode, kind, publicKey, signature, message);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new InvalidSignatureException("signature is not valid", e);
            }
            if (!ok) throw new InvalidSignatureException("signature is not valid");
        };
    }

    private static void check(SignatureScheme scheme, MessageMode mode) {
        Objects.requireNonNull(scheme, "scheme");
        if (!scheme.accepts(Objects.requireNonNull(mode, "mode"))) {
            throw new IllegalArgumentException(scheme + " does not take " + mode + " input");
        }
    }

    private static void checkLength(SignatureScheme scheme, MessageMode mode, byte[] message)
            throws SignatureException {
        Objects.requireNonNull(message, "message");
        int want = scheme.inputLength(mode);
        if (want > 0 && message.length != want) {
            throw new SignatureException(mode + " input for " + scheme + " must be " + want + " bytes");
        }
    }

    private static byte[] sign(
            SignatureScheme scheme, MessageMode mode, LoadedKeyPair keys, SecureRandom random, byte[] message)
            throws GeneralSecurityException {
        boolean raw = mode == MessageMode.RAW;
        switch (scheme) {
            case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> {
                if (raw) return jca(pss(scheme), keys.kind(), s -> s.initSign(keys.privateKey(), random), message);
                RSAPrivateCrtKey k = (RSAPrivateCrtKey) keys.privateKey();
                PSSSigner p = digestPss(scheme);
                p.init(
                        true,
                        new ParametersWithRandom(
                                new RSAPrivateCrtKeyParameters(
                                        k.getModulus(),
                                        k.getPublicExponent(),
                                        k.getPrivateExponent(),
                                        k.getPrimeP(),
                                        k.getPrimeQ(),
                                        k.getPrimeExponentP(),
                                        k.getPrimeExponentQ(),
                                        k.getCrtCoefficient()),
                                random));
                p.update(message, 0, message.length);
                return bc(p::generateSignature);
            }
            case SM2DSA -> {
                if (raw) {
                    return jca(sm2(), keys.kind(), s -> s.initSign(keys.privateKey(), random), message);
                }
                SM2Signer s = digestSm2();
                s.init(true, new ParametersWithID(new ParametersWithRandom(privateParams(keys), random), SM2_ID));
                s.update(message, 0, message.length);
                return bc(s::generateSignature);
            }
            case ML_DSA_SHAKE_256 -> {
                MLDSASigner s = new MLDSASigner();
                s.init(true, new ParametersWithRandom(privateParams(keys), random));
                if (mode == MessageMode.EXTERNAL_MU) return bc(() -> s.generateMuSignature(message));
                s.update(message, 0, message.length);
                return bc(s::generateSignature);
            }
            default -> {
                Signature s = signature(scheme, mode, keys.kind());
                return jca(s, keys.kind(), x -> x.initSign(keys.privateKey(), random), prefixed(scheme, mode, message));
            }
        }
    }

    private static boolean verify(
            SignatureScheme scheme,
            MessageMode mode,
            KeyPairKind kind,
            PublicKey publicKey,
            byte[] signature,
            byte[] message)
            throws GeneralSecurityException {
        boolean raw = mode == MessageMode.RAW;
        switch (scheme) {
            case RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512 -> {
                if (raw) {
                    Signature s = pss(scheme);
                    s.initVerify(publicKey);
                    s.update(message);
                    return s.verify(signature);
                }
                RSAPublicKey k = (RSAPublicKey) publicKey;
                PSSSigner p = digestPss(scheme);
                p.init(false, new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent()));
                p.update(message, 0, message.length);
                return p.verifySignature(signature);
            }
            case SM2DSA -> {
                if (raw) {
                    Signature s = sm2();
                    s.initVerify(publicKey);
                    s.update(message);
                    return s.verify(signature);
                }
                SM2Signer s = digestSm2();
                s.init(false, new ParametersWithID(publicParams(publicKey), SM2_ID));
                s.update(message, 0, message.length);
                return s.verifySignature(signature);
            }
            case ML_DSA_SHAKE_256 -> {
                MLDSASigner s = new MLDSASigner();
                s.init(false, publicParams(publicKey));
                if (mode == MessageMode.EXTERNAL_MU) return s.verifyMuSignature(message, signature);
                s.update(message, 0, message.length);
                return s.verifySignature(signature);
            }
            default -> {
                Signature s = signature(scheme, mode, kind);
                s.initVerify(publicKey);
                s.update(prefixed(scheme, mode, message));
                return s.verify(signature);
            }
        }
    }

    /** RSASSA-PKCS1-v1_5, ECDSA and Ed25519 through JCA. */
    private static Signature signature(SignatureScheme scheme, MessageMode mode, KeyPairKind kind)
            throws GeneralSecurityException {
        boolean raw = mode == MessageMode.RAW;
        String hashName = scheme.hash().replace("-", "");
        return switch (scheme) {
            case RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512 ->
                Signature.getInstance(raw ? hashName + "withRSA" : "NONEwithRSA");
            case ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512 -> {
                String name = raw ? hashName + "withECDSA" : "NONEwithECDSA";
                yield kind.provider() == null
                        ? Signature.getInstance(name)
                        : Signature.getInstance(name, kind.provider());
            }
            case ED25519_SHA_512 -> Signature.getInstance("Ed25519");
            case ED25519_PH_SHA_512 -> {
                Signature s = Signature.getInstance("Ed25519");
                s.setParameter(new EdDSAParameterSpec(true));
                yield s;
            }
            default -> throw new IllegalStateException(scheme.toString());
        };
    }

    /** For RSASSA-PKCS1-v1_5 over a digest, the DigestInfo the padding wraps; otherwise the input itself. */
    private static byte[] prefixed(SignatureScheme scheme, MessageMode mode, byte[] message) {
        if (mode != MessageMode.DIGEST) return message;
        byte[] prefix = switch (scheme) {
            case RSASSA_PKCS1_V1_5_SHA_256 -> SHA256_INFO;
            case RSASSA_PKCS1_V1_5_SHA_384 -> SHA384_INFO;
            case RSASSA_PKCS1_V1_5_SHA_512 -> SHA512_INFO;
            default -> null;
        };
        if (prefix == null) return message;
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    private static Signature pss(SignatureScheme scheme) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        int salt = scheme.digestLength();
        s.setParameter(new PSSParameterSpec(scheme.hash(), "MGF1", new MGF1ParameterSpec(scheme.hash()), salt, 1));
        return s;
    }

    private static PSSSigner digestPss(SignatureScheme scheme) {
        // A raw signer takes the message hash as its input and hashes M' with the content digest.
        return PSSSigner.createRawSigner(
                new RSABlindedEngine(),
                digest(scheme),
                digest(scheme),
                scheme.digestLength(),
                PSSSigner.TRAILER_IMPLICIT);
    }

    private static Digest digest(SignatureScheme scheme) {
        return switch (scheme.digestLength()) {
            case 32 -> new SHA256Digest();
            case 48 -> new SHA384Digest();
            default -> new SHA512Digest();
        };
    }

    private static Signature sm2() throws GeneralSecurityException {
        return Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER); // default ID 1234567812345678
    }

    /** SM2DSA over a caller's e = SM3(Z || M): the signer's own Z goes into a digest that keeps only e. */
    private static SM2Signer digestSm2() {
        return new SM2Signer(new SuppliedDigest(32));
    }

    private static CipherParameters privateParams(LoadedKeyPair keys) {
        return keys.lightweight(() -> {
            try {
                byte[] pkcs8 = keys.privateKey().getEncoded();
                try {
                    return keys.kind().name().startsWith("ML_DSA")
                            ? org.bouncycastle.pqc.crypto.util.PrivateKeyFactory.createKey(pkcs8)
                            : PrivateKeyFactory.createKey(pkcs8);
                } finally {
                    java.util.Arrays.fill(pkcs8, (byte) 0);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read " + keys.kind() + " private key", e);
            }
        });
    }

    private static CipherParameters publicParams(PublicKey key) throws InvalidKeyException {
        try {
            return key.getAlgorithm().startsWith("ML-DSA")
                    ? org.bouncycastle.pqc.crypto.util.PublicKeyFactory.createKey(key.getEncoded())
                    : PublicKeyFactory.createKey(key.getEncoded());
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidKeyException("cannot read public key", e);
        }
    }

    @FunctionalInterface
    private interface Init {
        void init(Signature s) throws GeneralSecurityException;
    }

    private static byte[] jca(Signature s, KeyPairKind kind, Init init, byte[] message)
            throws GeneralSecurityException {
        init.init(s);
        s.update(message);
        return s.sign();
    }

    @FunctionalInterface
    private interface BcSign {
        byte[] sign() throws CryptoException;
    }

    private static byte[] bc(BcSign s) throws GeneralSecurityException {
        try {
            return s.sign();
        } catch (CryptoException | RuntimeException e) {
            throw new SignatureException("signing failed", e);
        }
    }

    /**
     * A {@link Digest} whose output is the last {@code size} bytes it was given: lets BouncyCastle's SM2 signer sign a
     * caller-computed e. It computes nothing itself.
     */
    private static final class SuppliedDigest implements Digest {
        private final byte[] last;
        private int filled;

        SuppliedDigest(int size) {
            this.last = new byte[size];
        }

        @Override
        public String getAlgorithmName() {
            return "SM3";
        }

        @Override
        public int getDigestSize() {
            return last.length;
        }

        @Override
        public void update(byte in) {
            System.arraycopy(last, 1, last, 0, last.length - 1);
            last[last.length - 1] = in;
            filled = Math.min(filled + 1, last.length);
        }

        @Override
        public void update(byte[] in, int off, int len) {
            for (int i = 0; i < len; i++) update(in[off + i]);
        }

        @Override
        public int doFinal(byte[] out, int off) {
            if (filled != last.length) throw new IllegalStateException("no digest given");
            System.arraycopy(last, 0, out, off, last.length);
            reset();
            return last.length;
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(last, (byte) 0);
            filled = 0;
        }
    }
}
