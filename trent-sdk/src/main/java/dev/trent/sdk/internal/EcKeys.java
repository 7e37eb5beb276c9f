package dev.trent.sdk.internal;

import dev.trent.sdk.AlgorithmSuite.SignatureAlgorithm;
import dev.trent.sdk.BadCiphertextException;
import dev.trent.sdk.TrentCryptoException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** ECDSA key generation and SEC 1 compressed point encoding of the verification key. */
public final class EcKeys {
    private EcKeys() {}

    public static KeyPair generate(SignatureAlgorithm alg, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec(alg.curveName()), random);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("Cannot generate an ECDSA signing key", e);
        }
    }

    /** Base64 of the compressed point (SEC 1, 2.3.3): the value of {@code aws-crypto-public-key}. */
    public static String encodePublicKey(PublicKey key, SignatureAlgorithm alg) {
        ECPoint w = ((ECPublicKey) key).getW();
        int n = alg.fieldBytes();
        byte[] out = new byte[1 + n];
        out[0] = (byte) (w.getAffineY().testBit(0) ? 0x03 : 0x02);
        byte[] x = unsigned(w.getAffineX(), n);
        System.arraycopy(x, 0, out, 1, n);
        return Base64.getEncoder().encodeToString(out);
    }

    /** Decodes the {@code aws-crypto-public-key} value into a public key on the suite's curve. */
    public static PublicKey decodePublicKey(String base64, SignatureAlgorithm alg) {
        byte[] enc;
        try {
            enc = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadCiphertextException("The aws-crypto-public-key value is not valid base64");
        }
        try {
            ECParameterSpec spec = params(alg);
            int n = alg.fieldBytes();
            BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
            BigInteger x;
            BigInteger y;
            if (enc.length == 1 + n && (enc[0] == 2 || enc[0] == 3)) {
                x = new BigInteger(1, Arrays.copyOfRange(enc, 1, 1 + n));
                if (x.compareTo(p) >= 0) {
                    throw new BadCiphertextException("Invalid public key point");
                }
                BigInteger a = spec.getCurve().getA();
                BigInteger b = spec.getCurve().getB();
                BigInteger rhs = x.pow(3).add(a.multiply(x)).add(b).mod(p);
                // p = 3 (mod 4) for P-256 and P-384, so sqrt = rhs^((p+1)/4).
                y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
                if (!y.multiply(y).mod(p).equals(rhs)) {
                    throw new BadCiphertextException("Invalid public key point: not on the curve");
                }
                if (y.testBit(0) != (enc[0] == 3)) {
                    y = p.subtract(y);
                }
            } else if (enc.length == 1 + 2 * n && enc[0] == 4) {
                x = new BigInteger(1, Arrays.copyOfRange(enc, 1, 1 + n));
                y = new BigInteger(1, Arrays.copyOfRange(enc, 1 + n, 1 + 2 * n));
            } else {
                throw new BadCiphertextException("Invalid public key encoding for " + alg);
            }
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
        } catch (GeneralSecurityException e) {
            throw new BadCiphertextException("Invalid public key in the encryption context", e);
        }
    }

    private static ECParameterSpec params(SignatureAlgorithm alg) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(alg.curveName()));
        return ap.getParameterSpec(ECParameterSpec.class);
    }

    private static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        byte[] out = new byte[len];
        if (b.length > len) {
            System.arraycopy(b, b.length - len, out, 0, len);
        } else {
            System.arraycopy(b, 0, out, len - b.length, b.length);
        }
        return out;
    }
}
