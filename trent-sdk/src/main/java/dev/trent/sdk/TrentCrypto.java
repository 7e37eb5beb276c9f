package dev.trent.sdk;

import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.CryptoMaterialsManager;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.DecryptionMaterialsRequest;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import dev.trent.sdk.materials.EncryptionMaterials;
import dev.trent.sdk.materials.EncryptionMaterialsRequest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Entry point of the Trent envelope encryption SDK: encrypts and decrypts AWS Encryption SDK messages.
 *
 * <pre>{@code
 * TrentCrypto crypto = TrentCrypto.builder().build();            // REQUIRE_ENCRYPT_REQUIRE_DECRYPT, suite 0x0578
 * Keyring keyring = new KmsKeyring(kmsClient, keyArn);
 * byte[] message = crypto.encrypt(keyring, plaintext, Map.of("purpose", "demo")).ciphertext();
 * byte[] back = crypto.decrypt(keyring, message).plaintext();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrentCrypto {
    /** Default frame length in bytes. */
    public static final int DEFAULT_FRAME_LENGTH = 4096;

    private final CommitmentPolicy commitmentPolicy;
    private final AlgorithmSuite encryptionAlgorithm;
    private final int frameLength;
    private final int maxEncryptedDataKeys;
    private final SecureRandom random;

    private TrentCrypto(Builder b) {
        this.commitmentPolicy = b.commitmentPolicy;
        this.encryptionAlgorithm = b.encryptionAlgorithm;
        this.frameLength = b.frameLength;
        this.maxEncryptedDataKeys = b.maxEncryptedDataKeys;
        this.random = b.random != null ? b.random : new SecureRandom();
        if (encryptionAlgorithm != null && !commitmentPolicy.allowsEncrypt(encryptionAlgorithm)) {
            throw new IllegalArgumentException("Algorithm suite " + encryptionAlgorithm
                    + " cannot be used to encrypt under commitment policy " + commitmentPolicy);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TrentCrypto}. */
    public static final class Builder {
        private CommitmentPolicy commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
        private AlgorithmSuite encryptionAlgorithm;
        private int frameLength = DEFAULT_FRAME_LENGTH;
        private int maxEncryptedDataKeys = Integer.MAX_VALUE;
        private SecureRandom random;

        public Builder commitmentPolicy(CommitmentPolicy policy) {
            this.commitmentPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** The suite to encrypt with; null (default) lets the CMM pick the policy's default suite. */
        public Builder encryptionAlgorithm(AlgorithmSuite suite) {
            this.encryptionAlgorithm = suite;
            return this;
        }

        /** Frame length in bytes, between 1 and 2^31 - 128 (default 4096). */
        public Builder frameLength(int frameLength) {
            if (frameLength <= 0 || frameLength > Integer.MAX_VALUE - 128) {
                throw new IllegalArgumentException("Frame length must be between 1 and " + (Integer.MAX_VALUE - 128));
            }
            this.frameLength = frameLength;
            return this;
        }

        /** Upper bound on encrypted data keys, enforced on encrypt and (before any KMS call) on decrypt. */
        public Builder maxEncryptedDataKeys(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxEncryptedDataKeys must be positive");
            }
            this.maxEncryptedDataKeys = max;
            return this;
        }

        /** Source of randomness for message ids, signing keys and (via keyring wrappers) data keys. */
        public Builder secureRandom(SecureRandom random) {
            this.random = random;
            return this;
        }

        public TrentCrypto build() {
            return new TrentCrypto(this);
        }
    }

    public CommitmentPolicy commitmentPolicy() {
        return commitmentPolicy;
    }

    public AlgorithmSuite encryptionAlgorithm() {
        return encryptionAlgorithm;
    }

    public int frameLength() {
        return frameLength;
    }

    public int maxEncryptedDataKeys() {
        return maxEncryptedDataKeys;
    }

    private CryptoMaterialsManager cmm(Keyring keyring) {
        return new DefaultCryptoMaterialsManager(keyring, random);
    }

    // ------------------------------------------------------------------ encrypt

    public EncryptResult encrypt(Keyring keyring, byte[] plaintext) {
        return encrypt(cmm(keyring), plaintext, Map.of());
    }

    public EncryptResult encrypt(Keyring keyring, byte[] plaintext, Map<String, String> encryptionContext) {
        return encrypt(cmm(keyring), plaintext, encryptionContext);
    }

    public EncryptResult encrypt(CryptoMaterialsManager cmm, byte[] plaintext, Map<String, String> encryptionContext) {
        long frames = plaintext.length / frameLength + 1;
        long estimate = 1024L + frames * (32 + AlgorithmSuite.TAG_LENGTH) + plaintext.length;
        ExactByteSink sink = new ExactByteSink((int) Math.min(estimate, Integer.MAX_VALUE - 64));
        try (EncryptingOutputStream out = encryptingStream(cmm, sink, encryptionContext, plaintext.length)) {
            out.write(plaintext);
            out.finish();
            return new EncryptResult(sink.toByteArray(), out.getHeader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stream encryption into {@code out} with an unknown plaintext length. */
    public EncryptingOutputStream encryptingStream(
            Keyring keyring, OutputStream out, Map<String, String> encryptionContext) throws IOException {
        return encryptingStream(cmm(keyring), out, encryptionContext, -1);
    }

    /**
     * Stream encryption into {@code out}.
     *
     * @param plaintextLength the exact length or an upper bound of the plaintext, or -1 if unknown; writing more
     *     fails. Caching CMMs use it to account bytes per data key.
     */
    public EncryptingOutputStream encryptingStream(
            CryptoMaterialsManager cmm, OutputStream out, Map<String, String> encryptionContext, long plaintextLength)
            throws IOException {
        Objects.requireNonNull(out, "out");
        Map<String, String> ec = encryptionContext == null ? Map.of() : encryptionContext;
        for (Map.Entry<String, String> e : ec.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("aws-crypto-")) {
                throw new TrentCryptoException("Encryption context keys starting with aws-crypto- are reserved: " + k);
            }
            // The official AWS Encryption SDK for Java cannot read empty or very long entries: refuse to write them.
            int kl = k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            int vl = e.getValue() == null ? 0 : e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (kl == 0 || vl == 0 || kl >= Short.MAX_VALUE || vl >= Short.MAX_VALUE) {
                throw new TrentCryptoException(
                        "Encryption context keys and values must be between 1 and 32766 bytes (key '" + k + "')");
            }
        }
        EncryptionMaterials m = cmm.getEncryptionMaterials(
                new EncryptionMaterialsRequest(ec, commitmentPolicy, encryptionAlgorithm, plaintextLength));
        try {
            AlgorithmSuite suite = m.algorithmSuite();
            if (!commitmentPolicy.allowsEncrypt(suite)) {
                throw new TrentCryptoException("The materials manager chose suite " + suite
                        + ", which commitment policy " + commitmentPolicy + " does not allow for encryption");
            }
            if (encryptionAlgorithm != null && suite != encryptionAlgorithm) {
                throw new TrentCryptoException(
                        "The materials manager chose suite " + suite + " instead of " + encryptionAlgorithm);
            }
            if (!m.hasPlaintextDataKey() || m.encryptedDataKeys().isEmpty()) {
                throw new TrentCryptoException("The materials manager returned no data key");
            }
            if (m.encryptedDataKeys().size() > maxEncryptedDataKeys) {
                throw new TrentCryptoException(
                        "The materials have " + m.encryptedDataKeys().size()
                                + " encrypted data keys, more than the configured maximum of " + maxEncryptedDataKeys);
            }
            return new EncryptingOutputStream(out, m, frameLength, plaintextLength, random);
        } finally {
            m.destroy();
        }
    }

    // ------------------------------------------------------------------ decrypt

    public DecryptResult decrypt(Keyring keyring, byte[] message) {
        return decrypt(cmm(keyring), message, DecryptOptions.defaults());
    }

    /** Decrypts and checks that {@code requiredEncryptionContext} is part of the message's encryption context. */
    public DecryptResult decrypt(Keyring keyring, byte[] message, Map<String, String> requiredEncryptionContext) {
        return decrypt(
                cmm(keyring),
                message,
                DecryptOptions.defaults().withRequiredEncryptionContext(requiredEncryptionContext));
    }

    public DecryptResult decrypt(Keyring keyring, byte[] message, DecryptOptions options) {
        return decrypt(cmm(keyring), message, options);
    }

    public DecryptResult decrypt(CryptoMaterialsManager cmm, byte[] message, DecryptOptions options) {
        try (DecryptingInputStream in = decryptingStream(cmm, new ByteArrayInputStream(message), options)) {
            byte[] plain = in.readAllBytes();
            if (!in.isComplete()) {
                throw new BadCiphertextException("Message is incomplete");
            }
            return new DecryptResult(plain, in.getHeader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DecryptingInputStream decryptingStream(Keyring keyring, InputStream in) throws IOException {
        return decryptingStream(cmm(keyring), in, DecryptOptions.defaults());
    }

    public DecryptingInputStream decryptingStream(Keyring keyring, InputStream in, DecryptOptions options)
            throws IOException {
        return decryptingStream(cmm(keyring), in, options);
    }

    /**
     * Stream decryption of the message read from {@code in}. The header is read, the data key decrypted and the
     * header verified before this method returns. See {@link DecryptingInputStream} for when plaintext is released.
     */
    public DecryptingInputStream decryptingStream(CryptoMaterialsManager cmm, InputStream in, DecryptOptions options)
            throws IOException {
        Objects.requireNonNull(in, "in");
        InputStream src = (in instanceof ByteArrayInputStream || in instanceof BufferedInputStream)
                ? in
                : new BufferedInputStream(in, 1 << 16);
        MessageHeader header = MessageHeader.parse(src, maxEncryptedDataKeys);
        AlgorithmSuite suite = header.algorithmSuite();
        if (!commitmentPolicy.allowsDecrypt(suite)) {
            throw new TrentCryptoException("Message uses non-committing suite " + suite + ", which commitment policy "
                    + commitmentPolicy + " does not allow for decryption");
        }
        if (options.unsignedOnly() && suite.isSigned()) {
            throw new TrentCryptoException(
                    "Message uses signed suite " + suite + " but only unsigned messages are accepted");
        }
        if (header.contentType() == MessageHeader.ContentType.FRAMED
                && header.frameLength() > options.maxFrameLength()) {
            throw new TrentCryptoException("Message frame length " + header.frameLength()
                    + " exceeds the configured maximum of " + options.maxFrameLength());
        }
        DecryptionMaterials m = cmm.decryptMaterials(new DecryptionMaterialsRequest(
                suite,
                header.encryptedDataKeys(),
                header.encryptionContext(),
                options.requiredEncryptionContext(),
                commitmentPolicy));
        DecryptingInputStream out;
        try {
            if (m.algorithmSuite() != suite || !m.hasPlaintextDataKey()) {
                throw new TrentCryptoException("The materials manager returned unusable decryption materials");
            }
            if (suite.isSigned() && m.verificationKey() == null) {
                throw new TrentCryptoException(
                        "The materials manager returned no verification key for a signed message");
            }
            out = new DecryptingInputStream(src, header, m, options.rejectTrailingData(), options.maxFrameLength());
        } finally {
            m.destroy();
        }
        for (Map.Entry<String, String> e : options.requiredEncryptionContext().entrySet()) {
            String actual = header.encryptionContext().get(e.getKey());
            if (!e.getValue().equals(actual)) {
                out.close();
                throw new TrentCryptoException(
                        "Encryption context does not contain the required pair " + e.getKey() + "=" + e.getValue());
            }
        }
        return out;
    }

    /** A byte sink that grows as needed and hands out its array without a copy when exactly full. */
    private static final class ExactByteSink extends OutputStream {
        private byte[] buf;
        private int len;

        ExactByteSink(int initial) {
            buf = new byte[Math.max(initial, 64)];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) len + n);
                if (want > Integer.MAX_VALUE - 8) {
                    if ((long) len + n > Integer.MAX_VALUE - 8) {
                        throw new TrentCryptoException("Message too large for a byte array; use the streaming API");
                    }
                    want = Integer.MAX_VALUE - 8;
                }
                buf = Arrays.copyOf(buf, (int) want);
            }
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }
}
