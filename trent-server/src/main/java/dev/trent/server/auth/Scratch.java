package dev.trent.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reusable, single-threaded crypto objects and buffers for one verification: one {@link MessageDigest}
 * (SHA-256), one {@link Mac} (HmacSHA256), a {@link StringBuilder} for the canonical request and byte buffers.
 * One per thread (verification runs on the event-loop threads; a virtual thread simply gets its own). Buffers
 * that grew past 64 KiB for a large request are dropped by {@link #trim} after each use.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
    private static final int MAX_RETAINED = 64 * 1024;

    final MessageDigest sha256;
    final byte[] hex64 = new byte[64];
    private final Mac hmac;
    private StringBuilder sb = new StringBuilder(1024);
    private byte[] buf = new byte[1024];
    private char[] chars = new char[1024];

    private Scratch() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256/HmacSHA256 unavailable", e);
        }
    }

    /** This thread's scratch; call {@link #trim} when done with it. */
    static Scratch get() {
        return PER_THREAD.get();
    }

    /** The builder, emptied. */
    StringBuilder builder() {
        sb.setLength(0);
        return sb;
    }

    /** A buffer of at least {@code capacity} bytes (contents undefined). */
    byte[] bytes(int capacity) {
        if (buf.length < capacity) {
            buf = new byte[Math.max(capacity, buf.length * 2)];
        }
        return buf;
    }

    byte[] hmac(byte[] key, byte[] data) {
        return hmac(key, data, 0, data.length);
    }

    byte[] hmac(byte[] key, byte[] data, int off, int len) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        hmac.update(data, off, len);
        return hmac.doFinal();
    }

    /** SHA-256 of the UTF-8 encoding of the builder's contents (ASCII fast path, no String copy). */
    byte[] sha256Of(StringBuilder s) {
        int n = s.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        s.getChars(0, n, chars, 0);
        byte[] b = bytes(n);
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                return sha256.digest(s.toString().getBytes(StandardCharsets.UTF_8));
            }
            b[i] = (byte) c;
        }
        sha256.update(b, 0, n);
        return sha256.digest();
    }

    /** Drops buffers a large request made grow, so an idle thread keeps little. */
    void trim() {
        if (sb.capacity() > MAX_RETAINED) {
            sb = new StringBuilder(1024);
        }
        if (buf.length > MAX_RETAINED) {
            buf = new byte[1024];
        }
        if (chars.length > MAX_RETAINED) {
            chars = new char[1024];
        }
    }
}
