package dev.trent.core.barrier;

import dev.trent.crypto.AesGcm;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals and unseals every value Trent stores, with AES-256-GCM under the root key.
 *
 * <p>Sealed layout: {@code 0x01 || iv(12) || ciphertext || tag(16)}. The associated data is
 * {@code "trent/barrier/v1" || 0x00 || record identity (UTF-8)}, so a sealed blob only opens under the
 * identity it was sealed for: blobs cannot be swapped between records.
 */
public final class Barrier implements AutoCloseable {
    private static final byte VERSION = 0x01;
    private static final byte[] AAD_PREFIX = "trent/barrier/v1\0".getBytes(StandardCharsets.UTF_8);

    private final SecretBytes rootKey;
    private final AesGcm aead;

    public Barrier(SecretBytes rootKey, SecureRandom random) {
        if (rootKey.length() != 32) throw new IllegalArgumentException("root key must be 32 bytes");
        this.rootKey = rootKey;
        this.aead = new AesGcm(rootKey, random);
    }

    public byte[] seal(String identity, byte[] plaintext) {
        try {
            byte[] sealed = aead.encrypt(plaintext, aad(identity));
            byte[] out = new byte[sealed.length + 1];
            out[0] = VERSION;
            System.arraycopy(sealed, 0, out, 1, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** Opens a sealed blob; fails with {@link BarrierException} if it was altered or sealed for another identity. */
    public byte[] unseal(String identity, byte[] sealed) {
        if (sealed == null || sealed.length < 1 || sealed[0] != VERSION) {
            throw new BarrierException("record '" + identity + "' is not sealed in a known format");
        }
        try {
            byte[] body = java.util.Arrays.copyOfRange(sealed, 1, sealed.length);
            return aead.decrypt(body, aad(identity));
        } catch (GeneralSecurityException e) {
            throw new BarrierException("record '" + identity
                    + "' cannot be unsealed: it was altered, moved, or sealed under another root key");
        }
    }

    private static byte[] aad(String identity) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[AAD_PREFIX.length + id.length];
        System.arraycopy(AAD_PREFIX, 0, aad, 0, AAD_PREFIX.length);
        System.arraycopy(id, 0, aad, AAD_PREFIX.length, id.length);
        return aad;
    }

    @Override
    public void close() {
        rootKey.destroy();
    }

    /** A sealed record failed to open. */
    public static final class BarrierException extends RuntimeException {
        public BarrierException(String message) {
            super(message);
        }
    }
}
