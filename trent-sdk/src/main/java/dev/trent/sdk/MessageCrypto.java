package dev.trent.sdk;

import dev.trent.crypto.Hkdf;
import dev.trent.sdk.internal.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content encryption of one message: key derivation, header authentication and the AES-GCM operations on frames,
 * reusing one {@link Cipher} and preallocated AAD/IV buffers.
 */
final class MessageCrypto implements AutoCloseable {
    static final byte[] FRAME_LABEL = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.UTF_8);
    static final byte[] FINAL_FRAME_LABEL = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.UTF_8);
    static final byte[] SINGLE_BLOCK_LABEL = "AWSKMSEncryptionClient Single Block".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DERIVE_KEY = "DERIVEKEY".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMIT_KEY = "COMMITKEY".getBytes(StandardCharsets.UTF_8);

    private final AlgorithmSuite suite;
    private final byte[] keyBytes;
    private final SecretKeySpec key;
    private final byte[] commitKey;
    private final Cipher cipher;
    private final byte[] iv = new byte[AlgorithmSuite.IV_LENGTH];
    private final byte[] frameAad;
    private final byte[] finalAad;
    private final byte[] singleAad;
    private final int idLen;

    /** Derives the content key (and commit key) from the plaintext data key and the message id. */
    MessageCrypto(AlgorithmSuite suite, byte[] dataKey, byte[] messageId) {
        this.suite = suite;
        if (dataKey.length != suite.dataKeyLength()) {
            throw new TrentCryptoException("Data key length does not match the algorithm suite");
        }
        byte[] commit = null;
        switch (suite.kdf()) {
            case IDENTITY -> keyBytes = dataKey.clone();
            case HKDF_SHA256, HKDF_SHA384 -> {
                byte[] info = new byte[2 + messageId.length];
                Bytes.putU16(info, 0, suite.id());
                System.arraycopy(messageId, 0, info, 2, messageId.length);
                keyBytes = Hkdf.derive(hkdfHash(suite.kdf()), dataKey, null, info, suite.encryptionKeyLength());
            }
            case HKDF_SHA512 -> {
                byte[] prk = Hkdf.extract(Hkdf.Hash.SHA512, messageId, dataKey);
                try {
                    byte[] info = new byte[2 + DERIVE_KEY.length];
                    Bytes.putU16(info, 0, suite.id());
                    System.arraycopy(DERIVE_KEY, 0, info, 2, DERIVE_KEY.length);
                    keyBytes = Hkdf.expand(Hkdf.Hash.SHA512, prk, info, suite.encryptionKeyLength());
                    commit = Hkdf.expand(Hkdf.Hash.SHA512, prk, COMMIT_KEY, suite.suiteDataLength());
                } finally {
                    Bytes.zero(prk);
                }
            }
            default -> throw new IllegalStateException();
        }
        this.commitKey = commit;
        this.key = new SecretKeySpec(keyBytes, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("AES-GCM is not available", e);
        }
        this.idLen = messageId.length;
        this.frameAad = aad(messageId, FRAME_LABEL);
        this.finalAad = aad(messageId, FINAL_FRAME_LABEL);
        this.singleAad = aad(messageId, SINGLE_BLOCK_LABEL);
    }

    private static Hkdf.Hash hkdfHash(AlgorithmSuite.Kdf kdf) {
        return switch (kdf) {
            case HKDF_SHA256 -> Hkdf.Hash.SHA256;
            case HKDF_SHA384 -> Hkdf.Hash.SHA384;
            case HKDF_SHA512 -> Hkdf.Hash.SHA512;
            case IDENTITY -> throw new IllegalArgumentException("the identity KDF has no hash");
        };
    }

    private static byte[] aad(byte[] messageId, byte[] label) {
        byte[] a = new byte[messageId.length + label.length + 12];
        System.arraycopy(messageId, 0, a, 0, messageId.length);
        System.arraycopy(label, 0, a, messageId.length, label.length);
        return a;
    }

    /** The commit key for committing suites, else null. */
    byte[] commitKey() {
        return commitKey;
    }

    /** Authentication tag over the header body (AES-GCM of empty plaintext with a zero IV). */
    byte[] headerTag(byte[] headerBody, byte[] headerIv) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, headerIv));
            cipher.updateAAD(headerBody);
            return cipher.doFinal();
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("Header authentication failed", e);
        }
    }

    /** Verifies the header tag; throws {@link BadCiphertextException} on mismatch. */
    void verifyHeader(MessageHeader header) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, header.headerIvUnsafe()));
            cipher.updateAAD(header.bodyBytesUnsafe());
            cipher.doFinal(header.headerTagUnsafe());
        } catch (AEADBadTagException e) {
            throw new BadCiphertextException("Header authentication failed: wrong data key or tampered header");
        } catch (GeneralSecurityException e) {
            throw new BadCiphertextException("Header authentication failed", e);
        }
    }

    private byte[] prepareAad(int kind, long seq, long contentLength) {
        byte[] a = kind == 0 ? frameAad : kind == 1 ? finalAad : singleAad;
        int off = a.length - 12;
        Bytes.putU32(a, off, seq);
        Bytes.putU64(a, off + 4, contentLength);
        return a;
    }

    /** Writes the IV for a sequence number (big-endian, left-padded with zeros) into {@code dst}. */
    static void sequenceIv(long seq, byte[] dst, int off) {
        for (int i = 0; i < AlgorithmSuite.IV_LENGTH - 4; i++) {
            dst[off + i] = 0;
        }
        Bytes.putU32(dst, off + AlgorithmSuite.IV_LENGTH - 4, seq);
    }

    /**
     * Encrypts {@code len} plaintext bytes into {@code out} at {@code outOff} (ciphertext followed by the tag),
     * using the IV for {@code seq}. {@code kind}: 0 regular frame, 1 final frame.
     */
    void encryptFrame(int kind, long seq, byte[] in, int inOff, int len, byte[] out, int outOff) {
        sequenceIv(seq, iv, 0);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(prepareAad(kind, seq, len));
            cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new TrentCryptoException("Frame encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates {@code len} ciphertext bytes followed by the tag, writing plaintext into
     * {@code out}. {@code kind}: 0 regular frame, 1 final frame, 2 non-framed body.
     */
    void decryptFrame(
            int kind, long seq, byte[] frameIv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, frameIv, ivOff, AlgorithmSuite.IV_LENGTH));
            cipher.updateAAD(prepareAad(kind, seq, len));
            cipher.doFinal(in, inOff, len + AlgorithmSuite.TAG_LENGTH, out, outOff);
        } catch (AEADBadTagException e) {
            throw new BadCiphertextException((kind == 2 ? "Message body" : "Frame " + seq)
                    + " failed authentication: tampered or truncated message");
        } catch (GeneralSecurityException e) {
            throw new BadCiphertextException("Frame decryption failed", e);
        }
    }

    int messageIdLength() {
        return idLen;
    }

    AlgorithmSuite suite() {
        return suite;
    }

    /** Zeroes our copies of the derived key material. */
    @Override
    public void close() {
        Bytes.zero(keyBytes);
        try {
            key.destroy();
        } catch (javax.security.auth.DestroyFailedException | RuntimeException e) {
            // SecretKeySpec.destroy() is not supported on every JDK; our own copies are zeroed above.
        }
    }
}
