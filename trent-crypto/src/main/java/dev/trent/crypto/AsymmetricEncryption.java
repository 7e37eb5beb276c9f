package dev.trent.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Public-key encryption of AWS KMS: RSAES-OAEP with SHA-1 or SHA-256 (MGF1 with the same hash, empty label; the
 * ciphertext is the raw OAEP output, as long as the modulus) and SM2 public-key encryption (GB/T 32918.4 with SM3,
 * ciphertext as the GM/T 0009 ASN.1 {@code SM2Cipher} structure: x, y, the SM3 hash C3, the ciphertext C2).
 *
 * <p>{@link #decrypt} fails with {@link InvalidCiphertextException} whatever is wrong with the ciphertext.
 */
public final class AsymmetricEncryption {

    /** The schemes, named as in KMS {@code EncryptionAlgorithmSpec}. */
    public enum Scheme {
        RSAES_OAEP_SHA_1("SHA-1", 20),
        RSAES_OAEP_SHA_256("SHA-256", 32),
        SM2PKE("SM3", 32);

        private final String hash;
        private final int hashLength;

        Scheme(String hash, int hashLength) {
            this.hash = hash;
            this.hashLength = hashLength;
        }

        /**
         * The longest plaintext for a key of {@code kind}: RSA k - 2 hLen - 2 bytes (RFC 8017; e.g. 214/190 for
         * RSA_2048); SM2PKE 1024 bytes, the AWS KMS limit.
         */
        public int maxPlaintext(KeyPairKind kind) {
            if (this == SM2PKE) return 1024;
            return kind.rsaBits() / 8 - 2 * hashLength - 2;
        }
    }

    private AsymmetricEncryption() {}

    public static byte[] encrypt(Scheme scheme, PublicKey key, byte[] plaintext, SecureRandom random)
            throws GeneralSecurityException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (scheme == Scheme.SM2PKE) {
            SM2Engine e = new SM2Engine(SM2Engine.Mode.C1C3C2);
            try {
                e.init(true, new ParametersWithRandom(PublicKeyFactory.createKey(key.getEncoded()), random));
                byte[] c = e.processBlock(plaintext, 0, plaintext.length);
                return toAsn1(c);
            } catch (java.io.IOException | InvalidCipherTextException | RuntimeException ex) {
                throw new GeneralSecurityException("SM2 encryption failed", ex);
            }
        }
        Cipher c = oaep(scheme);
        c.init(Cipher.ENCRYPT_MODE, key, oaepParams(scheme), random);
        return c.doFinal(plaintext);
    }

    public static byte[] decrypt(Scheme scheme, LoadedKeyPair keys, byte[] ciphertext)
            throws InvalidCiphertextException {
        try {
            if (scheme == Scheme.SM2PKE) {
                ECPrivateKeyParameters p = (ECPrivateKeyParameters)
                        PrivateKeyFactory.createKey(keys.privateKey().getEncoded());
                byte[] raw = fromAsn1(ciphertext, (p.getParameters().getCurve().getFieldSize() + 7) / 8);
                SM2Engine e = new SM2Engine(SM2Engine.Mode.C1C3C2);
                e.init(false, p);
                return e.processBlock(raw, 0, raw.length);
            }
            Cipher c = oaep(scheme);
            c.init(Cipher.DECRYPT_MODE, keys.privateKey(), oaepParams(scheme));
            return c.doFinal(ciphertext);
        } catch (GeneralSecurityException | InvalidCipherTextException | java.io.IOException | RuntimeException e) {
            throw new InvalidCiphertextException("ciphertext is not valid for this key", e);
        }
    }

    private static Cipher oaep(Scheme scheme) throws GeneralSecurityException {
        return Cipher.getInstance("RSA/ECB/OAEPPadding");
    }

    private static OAEPParameterSpec oaepParams(Scheme scheme) {
        MGF1ParameterSpec mgf = scheme == Scheme.RSAES_OAEP_SHA_1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
        return new OAEPParameterSpec(scheme.hash, "MGF1", mgf, PSource.PSpecified.DEFAULT);
    }

    /** 04 || x || y || C3 || C2 to SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }. */
    private static byte[] toAsn1(byte[] c) throws java.io.IOException {
        int n = 32;
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c, 1, 1 + n))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c, 1 + n, 1 + 2 * n))));
        v.add(new DEROctetString(Arrays.copyOfRange(c, 1 + 2 * n, 1 + 3 * n)));
        v.add(new DEROctetString(Arrays.copyOfRange(c, 1 + 3 * n, c.length)));
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] fromAsn1(byte[] der, int n) throws InvalidCipherTextException {
        ASN1Sequence s = ASN1Sequence.getInstance(der);
        if (s.size() != 4) throw new InvalidCipherTextException("bad SM2 ciphertext");
        byte[] x = fixed(ASN1Integer.getInstance(s.getObjectAt(0)).getPositiveValue(), n);
        byte[] y = fixed(ASN1Integer.getInstance(s.getObjectAt(1)).getPositiveValue(), n);
        byte[] c3 = ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets();
        byte[] c2 = ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets();
        byte[] out = new byte[1 + 2 * n + c3.length + c2.length];
        out[0] = 0x04;
        System.arraycopy(x, 0, out, 1, n);
        System.arraycopy(y, 0, out, 1 + n, n);
        System.arraycopy(c3, 0, out, 1 + 2 * n, c3.length);
        System.arraycopy(c2, 0, out, 1 + 2 * n + c3.length, c2.length);
        return out;
    }

    private static byte[] fixed(BigInteger v, int n) throws InvalidCipherTextException {
        byte[] b = v.toByteArray();
        if (b.length == n) return b;
        if (b.length == n + 1 && b[0] == 0) return Arrays.copyOfRange(b, 1, b.length);
        if (b.length < n) {
            byte[] out = new byte[n];
            System.arraycopy(b, 0, out, n - b.length, b.length);
            return out;
        }
        throw new InvalidCipherTextException("bad SM2 coordinate");
    }
}
