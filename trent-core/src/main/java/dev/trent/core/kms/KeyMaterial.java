package dev.trent.core.kms;

import dev.trent.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One version of a key's secret material. The kind follows the key spec ({@link KeySpec#materialType()}).
 *
 * <p>Stored form ({@link #encode()}, sealed by the barrier like every value): symmetric and HMAC material is the
 * raw key bytes (so data directories written before this type existed read unchanged); asymmetric material is
 * {@code 0x01 || u32 length of the PKCS#8 private key || PKCS#8 || X.509 SubjectPublicKeyInfo (DER)}.
 */
public sealed interface KeyMaterial permits KeyMaterial.Symmetric, KeyMaterial.Asymmetric, KeyMaterial.Hmac {

    /** A symmetric encryption key (AES-256 for SYMMETRIC_DEFAULT). */
    record Symmetric(SecretBytes key) implements KeyMaterial {
        public Symmetric {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public void destroy() {
            key.destroy();
        }

        @Override
        public byte[] encode() {
            return key.reveal().clone();
        }
    }

    /** A key pair: the private key (PKCS#8, secret) and the public key (X.509 DER, not secret). */
    record Asymmetric(SecretBytes privateKeyPkcs8, byte[] publicKeyDer) implements KeyMaterial {
        private static final byte FORMAT = 0x01;

        public Asymmetric {
            Objects.requireNonNull(privateKeyPkcs8, "privateKeyPkcs8");
            publicKeyDer = Objects.requireNonNull(publicKeyDer, "publicKeyDer").clone();
        }

        /** A copy of the public key. */
        @Override
        public byte[] publicKeyDer() {
            return publicKeyDer.clone();
        }

        @Override
        public void destroy() {
            privateKeyPkcs8.destroy();
        }

        @Override
        public byte[] encode() {
            byte[] priv = privateKeyPkcs8.reveal();
            return ByteBuffer.allocate(5 + priv.length + publicKeyDer.length)
                    .put(FORMAT)
                    .putInt(priv.length)
                    .put(priv)
                    .put(publicKeyDer)
                    .array();
        }

        static Asymmetric decode(byte[] owned) {
            try {
                ByteBuffer in = ByteBuffer.wrap(owned);
                if (in.get() != FORMAT) throw new IllegalArgumentException("unknown asymmetric material format");
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) throw new IllegalArgumentException("bad length");
                byte[] priv = Arrays.copyOfRange(owned, 5, 5 + length);
                byte[] pub = Arrays.copyOfRange(owned, 5 + length, owned.length);
                return new Asymmetric(SecretBytes.wrap(priv), pub);
            } catch (java.nio.BufferUnderflowException e) {
                throw new IllegalArgumentException("truncated asymmetric material", e);
            } finally {
                Arrays.fill(owned, (byte) 0);
            }
        }
    }

    /** An HMAC key. */
    record Hmac(SecretBytes key) implements KeyMaterial {
        public Hmac {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public void destroy() {
            key.destroy();
        }

        @Override
        public byte[] encode() {
            return key.reveal().clone();
        }
    }

    /** Zeroes the secret part. Nothing may use this material afterwards. */
    void destroy();

    /** The stored form: a fresh array holding secret bytes, which the caller zeroes once written. */
    byte[] encode();

    /** Reads the stored form of material of a key of {@code spec}; takes ownership of {@code owned}. */
    static KeyMaterial decode(KeySpec spec, byte[] owned) {
        return switch (spec.materialType()) {
            case SYMMETRIC -> new Symmetric(SecretBytes.wrap(owned));
            case HMAC -> new Hmac(SecretBytes.wrap(owned));
            case ASYMMETRIC -> Asymmetric.decode(owned);
        };
    }
}
