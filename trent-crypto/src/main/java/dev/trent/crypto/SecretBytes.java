package dev.trent.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Holder of secret key bytes (key material, derived keys, data keys).
 *
 * <p>The bytes are reachable only through {@link #reveal()}, which is the one, greppable access
 * point: every place that touches raw secret bytes calls {@code reveal()}. {@link #destroy()}
 * zeroes the bytes; any later {@code reveal()} throws {@link IllegalStateException}.
 *
 * <p>{@link #toString()} is redacted and never shows content. {@code equals}/{@code hashCode} are
 * identity-based on purpose: comparing secrets must be done explicitly, in constant time, with
 * {@link ConstantTime#equals(byte[], byte[])}.
 *
 * <p>Thread safety: {@code reveal()} and {@code destroy()} may be called from different threads,
 * but destroying while another thread is still using the revealed array is a caller bug.
 */
public final class SecretBytes implements Destroyable {

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps {@code owned} without copying. The caller hands over ownership: it must not use, keep
     * or modify the array afterwards, and {@link #destroy()} will zero it.
     */
    public static SecretBytes wrap(byte[] owned) {
        return new SecretBytes(Objects.requireNonNull(owned, "owned"));
    }

    /** Returns a holder with a private copy of {@code bytes}; the caller still owns its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** Returns {@code length} fresh bytes from {@code random}. */
    public static SecretBytes random(SecureRandom random, int length) {
        Objects.requireNonNull(random, "random");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        byte[] b = new byte[length];
        random.nextBytes(b);
        return new SecretBytes(b);
    }

    /** Number of secret bytes. Still answers after {@link #destroy()}; the length is not secret. */
    public int length() {
        return bytes.length;
    }

    /**
     * Returns the internal array itself, not a copy. This is the single access point to the secret.
     *
     * <p>Callers must not modify the returned array and must not retain it beyond the immediate
     * operation (no fields, no caches, no logging).
     *
     * @throws IllegalStateException if this holder has been destroyed
     */
    public byte[] reveal() {
        if (destroyed) {
            throw new IllegalStateException("SecretBytes has been destroyed");
        }
        return bytes;
    }

    /** Zeroes the secret bytes. Idempotent. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Redacted: {@code SecretBytes[32 bytes]} (or {@code SecretBytes[destroyed]}). */
    @Override
    public String toString() {
        return destroyed ? "SecretBytes[destroyed]" : "SecretBytes[" + bytes.length + " bytes]";
    }
}
