package dev.trent.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@link KeyWrap}s of KMS {@code ImportKeyMaterial}, one per {@code WrappingAlgorithm} Trent accepts, over a
 * wrapping key pair that the server made for one {@code GetParametersForImport} response:
 *
 * <ul>
 *   <li>{@code RSAES_OAEP_SHA_1}, {@code RSAES_OAEP_SHA_256}: the key material encrypted directly with RSAES-OAEP
 *       (MGF1 with the same hash, empty label), as {@code openssl pkeyutl -pkeyopt rsa_padding_mode:oaep
 *       -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256} makes it;
 *   <li>{@code RSA_AES_KEY_WRAP_SHA_1}, {@code RSA_AES_KEY_WRAP_SHA_256}: an ephemeral AES-256 key encrypted with
 *       RSAES-OAEP (as long as the modulus), followed by the key material wrapped under it with AES Key Wrap with
 *       Padding (RFC 5649, {@code openssl enc -id-aes256-wrap-pad}); for key material too long for RSA alone;
 *   <li>{@code SM2PKE}: SM2 public-key encryption (China Regions), the ciphertext as AWS KMS writes it.
 * </ul>
 *
 * Every unwrap failure is the same {@link InvalidCiphertextException}, whatever went wrong.
 */
public final class ImportKeyWraps {
    /** The wrapping algorithms ({@code AlgorithmSpec}) Trent implements; RSAES_PKCS1_V1_5 is retired by AWS. */
    public enum Algorithm {
        RSAES_OAEP_SHA_1,
        RSAES_OAEP_SHA_256,
        RSA_AES_KEY_WRAP_SHA_1,
        RSA_AES_KEY_WRAP_SHA_256,
        SM2PKE;

        /** Whether the material is wrapped by an AES key that RSA carries (any length of material). */
        public boolean viaAes() {
            return this == RSA_AES_KEY_WRAP_SHA_1 || this == RSA_AES_KEY_WRAP_SHA_256;
        }

        String hash() {
            return this == RSAES_OAEP_SHA_1 || this == RSA_AES_KEY_WRAP_SHA_1 ? "SHA-1" : "SHA-256";
        }

        /** The longest key material RSAES-OAEP carries alone with a modulus of {@code modulusBytes}. */
        public int maxDirect(int modulusBytes) {
            int h = hash().equals("SHA-1") ? 20 : 32;
            return modulusBytes - 2 * h - 2;
        }
    }

    private static final int AES_KEY_LENGTH = 32;

    private ImportKeyWraps() {}

    /** The key wrap of {@code algorithm} over {@code keys} (RSA for the RSA algorithms, SM2 for SM2PKE). */
    public static KeyWrap of(Algorithm algorithm, LoadedKeyPair keys, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keys, "keys");
        if ((algorithm == Algorithm.SM2PKE) != (keys.kind() == KeyPairKind.SM2)) {
            throw new IllegalArgumentException(algorithm + " does not go with a " + keys.kind() + " wrapping key");
        }
        return switch (algorithm) {
            case SM2PKE -> new Sm2(keys, random);
            case RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 -> new RsaOaep(algorithm, keys, random);
            case RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 -> new RsaAes(algorithm, keys, random);
        };
    }

    private static OAEPParameterSpec oaep(Algorithm a) {
        MGF1ParameterSpec mgf = a.hash().equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
        return new OAEPParameterSpec(a.hash(), "MGF1", mgf, PSource.PSpecified.DEFAULT);
    }

    private static byte[] rsaEncrypt(Algorithm a, LoadedKeyPair keys, byte[] plain, SecureRandom random)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.publicKey(), oaep(a), random);
        return c.doFinal(plain);
    }

    private static byte[] rsaDecrypt(Algorithm a, LoadedKeyPair keys, byte[] wrapped, int offset, int length)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, keys.privateKey(), oaep(a));
        return c.doFinal(wrapped, offset, length);
    }

    private static int modulusBytes(LoadedKeyPair keys) {
        return (((RSAPublicKey) keys.publicKey()).getModulus().bitLength() + 7) / 8;
    }

    private static InvalidCiphertextException invalid(Throwable cause) {
        return new InvalidCiphertextException("the wrapped key material is not valid for this wrapping key", cause);
    }

    private record RsaOaep(Algorithm algorithm0, LoadedKeyPair keys, SecureRandom random) implements KeyWrap {
        @Override
        public String algorithm() {
            return algorithm0.name();
        }

        @Override
        public byte[] wrap(SecretBytes key) throws GeneralSecurityException {
            return rsaEncrypt(algorithm0, keys, key.reveal(), random);
        }

        @Override
        public SecretBytes unwrap(byte[] wrapped) throws InvalidCiphertextException {
            if (wrapped == null || wrapped.length != modulusBytes(keys)) throw invalid(null);
            try {
                return SecretBytes.wrap(rsaDecrypt(algorithm0, keys, wrapped, 0, wrapped.length));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw invalid(e);
            }
        }
    }

    private record RsaAes(Algorithm algorithm0, LoadedKeyPair keys, SecureRandom random) implements KeyWrap {
        @Override
        public String algorithm() {
            return algorithm0.name();
        }

        @Override
        public byte[] wrap(SecretBytes key) throws GeneralSecurityException {
            byte[] aes = new byte[AES_KEY_LENGTH];
            random.nextBytes(aes);
            try {
                byte[] head = rsaEncrypt(algorithm0, keys, aes, random);
                Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
                kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"));
                byte[] tail = kwp.doFinal(key.reveal());
                return ByteBuffer.allocate(head.length + tail.length)
                        .put(head)
                        .put(tail)
                        .array();
            } finally {
                Arrays.fill(aes, (byte) 0);
            }
        }

        @Override
        public SecretBytes unwrap(byte[] wrapped) throws InvalidCiphertextException {
            int k = modulusBytes(keys);
            // RFC 5649 output is at least 16 bytes and a multiple of 8
            if (wrapped == null || wrapped.length < k + 16 || (wrapped.length - k) % 8 != 0) throw invalid(null);
            byte[] aes = null;
            try {
                aes = rsaDecrypt(algorithm0, keys, wrapped, 0, k);
                if (aes.length != AES_KEY_LENGTH) throw invalid(null);
                Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
                kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"));
                return SecretBytes.wrap(kwp.doFinal(wrapped, k, wrapped.length - k));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw invalid(e);
            } finally {
                if (aes != null) Arrays.fill(aes, (byte) 0);
            }
        }
    }

    private record Sm2(LoadedKeyPair keys, SecureRandom random) implements KeyWrap {
        @Override
        public String algorithm() {
            return Algorithm.SM2PKE.name();
        }

        @Override
        public byte[] wrap(SecretBytes key) throws GeneralSecurityException {
            return AsymmetricEncryption.encrypt(
                    AsymmetricEncryption.Scheme.SM2PKE, keys.publicKey(), key.reveal(), random);
        }

        @Override
        public SecretBytes unwrap(byte[] wrapped) throws InvalidCiphertextException {
            if (wrapped == null) throw invalid(null);
            try {
                return SecretBytes.wrap(
                        AsymmetricEncryption.decrypt(AsymmetricEncryption.Scheme.SM2PKE, keys, wrapped));
            } catch (InvalidCiphertextException e) {
                throw invalid(e);
            }
        }
    }
}
